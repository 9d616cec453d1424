/// Transformations that turn one signature into another for the same message, where the scheme allows one: the
/// ECDSA `s → n − s` negation, and its Ed25519 counterpart `S → S + L`, which RFC 8032 forbids.
enum Spelling {
    /// The group orders of the JOSE ECDSA curves (P-256, P-384, P-521), big-endian, each as long as the curve's
    /// JWS coordinate (32, 48 and 66 bytes).
    static let ecdsaOrders: [[UInt8]] = [
        bytes(hex: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
        bytes(
            hex: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"
        ),
        bytes(
            hex: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
                + "fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"
        ),
    ]

    /// The order `L` of the Ed25519 base point, little-endian as RFC 8032 encodes `S`.
    static let ed25519Order = bytes(hex: "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")

    /// The JWS ECDSA signature `r ‖ s` with `s` replaced by `n − s`, the other valid signature of the same message:
    /// `(r, s)` and `(r, n − s)` verify alike because ECDSA only checks the x-coordinate of a point.
    ///
    /// - Parameter signature: `r ‖ s`, each half as long as the curve's coordinate.
    /// - Returns: `r ‖ (n − s)`, or `nil` when the length matches no JOSE curve.
    static func negatingS(_ signature: [UInt8]) -> [UInt8]? {
        guard let order = ecdsaOrders.first(where: { $0.count * 2 == signature.count }) else { return nil }
        let half = signature.count / 2
        return Array(signature[..<half]) + subtract(Array(signature[half...]), from: order)
    }

    /// The Ed25519 signature `R ‖ S` with `S` replaced by `S + L`: the same equation holds, so only the canonical
    /// check `S < L` of RFC 8032 §5.1.7 refuses it (the malleability of early Ed25519 verifiers).
    ///
    /// - Parameter signature: The 64-byte `R ‖ S`.
    /// - Returns: `R ‖ (S + L)`, or `nil` for a signature of another length.
    static func addingOrder(_ signature: [UInt8]) -> [UInt8]? {
        guard signature.count == 64 else { return nil }
        var carry = 0
        var sum = Array(signature[32...])
        for index in sum.indices {
            let total = Int(sum[index]) + Int(ed25519Order[index]) + carry
            sum[index] = UInt8(truncatingIfNeeded: total)
            carry = total >> 8
        }
        return Array(signature[..<32]) + sum
    }

    /// `minuend − subtrahend` for big-endian numbers of the same length with `subtrahend ≤ minuend`.
    static func subtract(_ subtrahend: [UInt8], from minuend: [UInt8]) -> [UInt8] {
        var result = minuend
        var borrow = 0
        for index in result.indices.reversed() {
            var difference = Int(minuend[index]) - Int(subtrahend[index]) - borrow
            borrow = difference < 0 ? 1 : 0
            if difference < 0 { difference += 256 }
            result[index] = UInt8(difference)
        }
        return result
    }

    /// The base64url text with the unused low bits of its last character set, when it has any: the decoder's
    /// canonical check is all that tells the two spellings apart.
    ///
    /// - Parameter text: Canonical unpadded base64url.
    /// - Returns: The non-canonical spelling, or `nil` when the text ends on a whole 3-byte group.
    static func nonCanonical(_ text: Substring) -> String? {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        guard text.utf8.count % 4 != 0, let last = text.utf8.last,
            let value = alphabet.firstIndex(of: last)
        else { return nil }
        return String(text.dropLast()) + String(decoding: [alphabet[value | 1]], as: UTF8.self)
    }

    /// Bytes from a hexadecimal constant of this file; a malformed constant is a programmer error.
    private static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        precondition(digits.count % 2 == 0, "odd-length hex constant")
        return stride(from: 0, to: digits.count, by: 2).map { index in
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                preconditionFailure("bad hex digit in a constant at offset \(index)")
            }
            return byte
        }
    }
}
