/// Strict, canonical base64url without padding (RFC 4648 §5), as PASETO, PASERK and JWS require.
///
/// Decoding accepts exactly one spelling per byte string: no `=` padding, no `+` or `/`, no white space, and the
/// unused low bits of the last character must be zero. Every other spelling is refused, so a token string has a
/// single form that caches and revocation lists can key on.
public enum Base64URL: Sendable {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8
    )

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// The length of the encoding of `count` bytes.
    ///
    /// - Parameter count: The number of bytes to encode.
    /// - Returns: The number of characters `encode` produces.
    public static func encodedLength(of count: Int) -> Int { (count * 4 + 2) / 3 }

    /// Encodes bytes as unpadded base64url text.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The base64url string.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        encode(bytes, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the unpadded base64url encoding of `bytes` to `output`.
    ///
    /// - Parameters:
    ///   - bytes: The bytes to encode.
    ///   - output: The buffer to append ASCII characters to.
    public static func encode(_ bytes: some Sequence<UInt8>, into output: inout [UInt8]) {
        alphabet.withUnsafeBufferPointer { table in
            var accumulator: UInt32 = 0
            var pending = 0
            for byte in bytes {
                accumulator = accumulator << 8 | UInt32(byte)
                pending += 1
                if pending == 3 {
                    output.append(table[Int(accumulator >> 18 & 0x3F)])
                    output.append(table[Int(accumulator >> 12 & 0x3F)])
                    output.append(table[Int(accumulator >> 6 & 0x3F)])
                    output.append(table[Int(accumulator & 0x3F)])
                    accumulator = 0
                    pending = 0
                }
            }
            if pending == 1 {
                output.append(table[Int(accumulator >> 2 & 0x3F)])
                output.append(table[Int(accumulator << 4 & 0x3F)])
            } else if pending == 2 {
                output.append(table[Int(accumulator >> 10 & 0x3F)])
                output.append(table[Int(accumulator >> 4 & 0x3F)])
                output.append(table[Int(accumulator << 2 & 0x3F)])
            }
        }
    }

    /// Decodes canonical unpadded base64url text.
    ///
    /// - Parameter text: The base64url characters.
    /// - Returns: The decoded bytes.
    /// - Throws: ``TesseraError/Code/invalidBase64URL`` for padding, characters outside the URL-safe alphabet,
    ///   an impossible length, or non-zero trailing bits.
    public static func decode(_ text: some StringProtocol) throws(TesseraError) -> [UInt8] {
        try String(text).withUTF8Bytes { utf8 throws(TesseraError) in try decode(utf8) }
    }

    /// Decodes canonical unpadded base64url from ASCII bytes.
    ///
    /// - Parameter characters: The base64url characters as bytes.
    /// - Returns: The decoded bytes.
    /// - Throws: ``TesseraError/Code/invalidBase64URL`` as ``decode(_:)-(StringProtocol)`` does.
    public static func decode(_ characters: UnsafeBufferPointer<UInt8>) throws(TesseraError) -> [UInt8] {
        let count = characters.count
        let remainder = count % 4
        guard remainder != 1 else {
            throw TesseraError(.invalidBase64URL, "base64url text of \(count) characters cannot be decoded")
        }
        var output: [UInt8] = []
        output.reserveCapacity(count * 3 / 4)
        let ok = decodeTable.withUnsafeBufferPointer { table -> Bool in
            var index = 0
            let whole = count - remainder
            while index < whole {
                let a = table[Int(characters[index])]
                let b = table[Int(characters[index + 1])]
                let c = table[Int(characters[index + 2])]
                let d = table[Int(characters[index + 3])]
                if (a | b | c | d) & 0xC0 != 0 { return false }
                let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                output.append(UInt8(truncatingIfNeeded: value >> 16))
                output.append(UInt8(truncatingIfNeeded: value >> 8))
                output.append(UInt8(truncatingIfNeeded: value))
                index += 4
            }
            if remainder == 2 {
                let a = table[Int(characters[index])]
                let b = table[Int(characters[index + 1])]
                if (a | b) & 0xC0 != 0 || b & 0x0F != 0 { return false }
                output.append(a << 2 | b >> 4)
            } else if remainder == 3 {
                let a = table[Int(characters[index])]
                let b = table[Int(characters[index + 1])]
                let c = table[Int(characters[index + 2])]
                if (a | b | c) & 0xC0 != 0 || c & 0x03 != 0 { return false }
                output.append(a << 2 | b >> 4)
                output.append(b << 4 | c >> 2)
            }
            return true
        }
        guard ok else {
            throw TesseraError(
                .invalidBase64URL,
                "text is not canonical unpadded base64url (padding, characters outside A-Z a-z 0-9 - _, or non-zero trailing bits)"
            )
        }
        return output
    }
}
