import TesseraCore
import TesseraPASETO

/// `paseto-keyring`: key rings, which read the footer's `kid` before verification to choose a key.
///
/// Rings hold keys 0 and 1 of each purpose; key 2 exists but is in no ring. Input: text from a first byte of 0x20
/// on (verified with both rings); else structured, `mode ‖ kidChoice ‖ footerLength ‖ footer ‖ payload`: mode bit 0
/// picks the purpose, bits 1–2 the signing key, bits 3–4 the footer (`{"kid":…}`, the fuzzer's bytes with every
/// `$K` replaced by the chosen key id, or the fuzzer's bytes as they are); `kidChoice` picks the id written.
public enum PASETOKeyringHarness {
    /// Runs one input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    public static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        if first >= 0x20 {
            runText(String(decoding: bytes, as: UTF8.self), input: bytes)
        } else {
            runStructured(bytes)
        }
    }

    private static let localRing: PASETO.KeyRing<PASETO.V4.Local.SymmetricKey> = {
        do { return try PASETO.KeyRing(Array(Fixed.localKeys.prefix(2))) } catch {
            mustNotThrow(error, "building the v4.local ring")
        }
    }()

    private static let publicRing: PASETO.KeyRing<PASETO.V4.Public.PublicKey> = {
        do { return try PASETO.KeyRing(Fixed.secretKeys.prefix(2).map(\.publicKey)) } catch {
            mustNotThrow(error, "building the v4.public ring")
        }
    }()

    private static let localVerifier = PASETO.V4.Local.Verifier(keys: localRing, rules: Fixed.lenientRules)
    private static let publicVerifier = PASETO.V4.Public.Verifier(keys: publicRing, rules: Fixed.lenientRules)

    /// Every id the fuzzer may write into a footer: the rings' keys, the keys outside them, and a secret key's id.
    private static let ids: [String] =
        Fixed.localKeys.map(\.id) + Fixed.secretKeys.map(\.publicKey.id) + [Fixed.secretKeys[0].id]

    private static func runStructured(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let mode = input.byte()
        let kid = ids[Int(input.byte()) % ids.count]
        let fuzzFooter = input.lengthPrefixed()
        let payload = input.rest()
        guard !payload.isEmpty else { return }
        let footer: [UInt8]
        switch (mode >> 3) & 3 {
        case 0: footer = JSONWriter.bytes(for: ["kid": .string(kid)])
        case 1: footer = replacingPlaceholders(in: fuzzFooter, with: Array(kid.utf8))
        default: footer = fuzzFooter
        }
        let signer = (Int(mode >> 1) & 3) % 3
        let isLocal = mode & 1 == 0
        let token: String
        let signerID: String
        do {
            if isLocal {
                token = try PASETO.V4.Local.encrypt(payload, using: Fixed.localKeys[signer], footer: footer)
                signerID = Fixed.localKeys[signer].id
            } else {
                token = try PASETO.V4.Public.sign(payload, using: Fixed.secretKeys[signer], footer: footer)
                signerID = Fixed.secretKeys[signer].publicKey.id
            }
        } catch { mustNotThrow(error, "issuing a token with a non-empty payload") }
        guard let verified = try? (isLocal ? localVerifier.verify(token) : publicVerifier.verify(token)) else { return }
        check(signer < 2, "a ring accepted a token issued with a key outside the ring")
        check(verified.keyID == signerID, "the ring chose \(verified.keyID ?? "no key"), not the signing key")
        checkAccepted(token, verified: verified, isLocal: isLocal, input: bytes)
    }

    private static func runText(_ token: String, input: [UInt8]) {
        if let verified = try? localVerifier.verify(token) {
            checkAccepted(token, verified: verified, isLocal: true, input: input)
        }
        if let verified = try? publicVerifier.verify(token) {
            checkAccepted(token, verified: verified, isLocal: false, input: input)
        }
    }

    private static func checkAccepted(_ token: String, verified: VerifiedToken, isLocal: Bool, input: [UInt8]) {
        let header = isLocal ? PASETO.V4.Local.header : PASETO.V4.Public.header
        let parts = PASETOProperties.checkText(token, header: header)
        check(verified.footer == parts.footer, "the verified footer is not the token's footer segment")
        guard let keyID = verified.keyID else { fatalError("PROPERTY FAILED: a ring verified without a key id") }
        do {
            let footer = try JSONParser(limits: .footer).parseObject(parts.footer)
            check(footer["kid"] == .string(keyID), "the ring used \(keyID), which is not the footer's kid")
        } catch { mustNotThrow(error, "parsing the footer of a token a ring accepted") }
        let verifies: (String) -> Bool
        if isLocal {
            check(keyID.hasPrefix("k4.lid."), "a v4.local ring used the id \(keyID)")
            guard let key = localRing.key(withID: keyID) else {
                fatalError("PROPERTY FAILED: the ring used \(keyID), which it does not hold")
            }
            check(key.id == keyID, "the ring's key for \(keyID) has id \(key.id)")
            let single = PASETO.V4.Local.Verifier(key: key, rules: Fixed.lenientRules)
            check((try? single.verify(token))?.payload == verified.payload, "the ring's key alone does not verify")
            for other in Fixed.localKeys where other.id != keyID {
                check((try? PASETO.V4.Local.decrypt(token, using: other)) == nil, "a token decrypts under two keys")
            }
            verifies = { (try? localVerifier.verify($0)) != nil }
        } else {
            check(keyID.hasPrefix("k4.pid."), "a v4.public ring used the id \(keyID)")
            guard let key = publicRing.key(withID: keyID) else {
                fatalError("PROPERTY FAILED: the ring used \(keyID), which it does not hold")
            }
            check(key.id == keyID, "the ring's key for \(keyID) has id \(key.id)")
            let single = PASETO.V4.Public.Verifier(key: key, rules: Fixed.lenientRules)
            check((try? single.verify(token))?.payload == verified.payload, "the ring's key alone does not verify")
            for other in Fixed.secretKeys where other.publicKey.id != keyID {
                check(
                    (try? PASETO.V4.Public.verify(token, using: other.publicKey)) == nil,
                    "a token verifies under two keys"
                )
            }
            verifies = { (try? publicVerifier.verify($0)) != nil }
        }
        PASETOProperties.checkOneSpelling(token, input: input, verifies: verifies)
    }

    /// The bytes with every `$K` replaced by `replacement`.
    private static func replacingPlaceholders(in bytes: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "K") {
                output += replacement
                index += 2
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }
}
