import TesseraCore
import TesseraJWS

/// `jws`: compact JWS parsing and verification with keys pinned to HS256, ES256, EdDSA and RS256, and a key set of
/// the three public keys.
///
/// Input: text from a first byte of 0x20 on, verified by every verifier. Else structured,
/// `mode ‖ headerLength ‖ header ‖ payload`: mode bits 0–1 pick the signing key; with bit 2 set, `$A` in the header
/// becomes the key's `alg` and `$K` its `kid`. The harness signs `b64(header).b64(payload)` itself, so the fuzzer
/// explores the header rules behind a valid signature: only the signing key's verifier may accept, and only with
/// its own `alg`.
public enum JWSHarness {
    /// Runs one input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    public static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        if first >= 0x20 {
            runToken(String(decoding: bytes, as: UTF8.self), signer: nil, payload: nil, input: bytes)
        } else {
            runStructured(bytes)
        }
    }

    /// One pinned verifier and the key behind it.
    private struct Pinned: Sendable {
        let key: any JWSVerificationKey
        let verifier: JWS.Verifier
        let sign: @Sendable ([UInt8]) throws(TesseraError) -> [UInt8]
    }

    private static let pinned: [Pinned] = [
        Pinned(
            key: Fixed.hs256,
            verifier: JWS.Verifier(key: Fixed.hs256, rules: Fixed.lenientRules),
            sign: { message throws(TesseraError) in try Fixed.hs256.signature(for: message) }
        ),
        Pinned(
            key: Fixed.es256.verificationKey,
            verifier: JWS.Verifier(key: Fixed.es256.verificationKey, rules: Fixed.lenientRules),
            sign: { message throws(TesseraError) in try Fixed.es256.signature(for: message) }
        ),
        Pinned(
            key: Fixed.eddsa.verificationKey,
            verifier: JWS.Verifier(key: Fixed.eddsa.verificationKey, rules: Fixed.lenientRules),
            sign: { message throws(TesseraError) in try Fixed.eddsa.signature(for: message) }
        ),
        Pinned(
            key: Fixed.rs256.verificationKey,
            verifier: JWS.Verifier(key: Fixed.rs256.verificationKey, rules: Fixed.lenientRules),
            sign: { message throws(TesseraError) in try Fixed.rs256.signature(for: message) }
        ),
    ]

    private static let setVerifier: JWS.Verifier = {
        do {
            let keys: [any JWSVerificationKey] = [
                Fixed.es256.verificationKey, Fixed.eddsa.verificationKey, Fixed.rs256.verificationKey,
            ]
            return JWS.Verifier(keys: try JWS.KeySet(keys), rules: Fixed.lenientRules)
        } catch { mustNotThrow(error, "building the fixed key set") }
    }()

    private static func runStructured(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let mode = input.byte()
        let signer = Int(mode & 3)
        var header = input.lengthPrefixed()
        let payload = input.rest()
        let key = pinned[signer].key
        if mode & 4 != 0 {
            header = replacing(header, [("$A", key.algorithm.name), ("$K", key.keyID ?? "")])
        }
        var token = Array(Base64URL.encode(header).utf8)
        token.append(UInt8(ascii: "."))
        Base64URL.encode(payload, into: &token)
        let signature: [UInt8]
        do { signature = try pinned[signer].sign(token) } catch { mustNotThrow(error, "signing") }
        token.append(UInt8(ascii: "."))
        Base64URL.encode(signature, into: &token)
        runToken(String(decoding: token, as: UTF8.self), signer: signer, payload: payload, input: bytes)
    }

    private static func runToken(_ token: String, signer: Int?, payload: [UInt8]?, input: [UInt8]) {
        for (index, entry) in pinned.enumerated() {
            guard let message = try? entry.verifier.verifyMessage(token) else { continue }
            if let signer {
                check(
                    index == signer,
                    "a token signed with \(pinned[signer].key.algorithm) verified under \(entry.key.algorithm)"
                )
            }
            if let payload { check(message.payload == payload, "the verified payload is not the signed payload") }
            checkAccepted(token, message: message, key: entry.key, verifier: entry.verifier, input: input)
        }
        if let message = try? setVerifier.verifyMessage(token) {
            guard case .string(let kid)? = message.header["kid"] else {
                fatalError("PROPERTY FAILED: a key set verified a token without a string kid")
            }
            check(message.keyID == kid, "the key set used \(message.keyID ?? "no key") for kid \(kid)")
            guard let key = pinned.first(where: { $0.key.keyID == kid }) else {
                fatalError("PROPERTY FAILED: the key set verified with kid \(kid), which it does not hold")
            }
            if let signer { check(key.key.keyID == pinned[signer].key.keyID, "the key set used another key") }
            checkAccepted(token, message: message, key: key.key, verifier: setVerifier, input: input)
        }
    }

    private static func checkAccepted(
        _ token: String,
        message: JWS.Message,
        key: any JWSVerificationKey,
        verifier: JWS.Verifier,
        input: [UInt8]
    ) {
        let algorithm = key.algorithm
        check(message.algorithm == algorithm, "an \(algorithm) verifier reports \(message.algorithm)")
        check(message.header["alg"] == .string(algorithm.name), "an accepted header's alg is not \(algorithm)")
        for refused in ["crit", "b64", "enc", "zip"] {
            check(message.header[refused] == nil, "an accepted header has \(refused)")
        }
        if let kid = message.header["kid"] {
            check(kid == .string(key.keyID ?? ""), "an accepted header names kid \(kid), not the key's")
        }
        let segments = token.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        check(segments.count == 3, "an accepted JWS has \(segments.count) segments")
        do {
            let decoded = try segments.map { segment throws(TesseraError) in
                try Base64URL.decode(String(decoding: segment, as: UTF8.self))
            }
            let again = decoded.map(Base64URL.encode).joined(separator: ".")
            check(again == token, "an accepted JWS does not re-serialise to the same text")
            check(decoded[1] == message.payload, "the verified payload is not the payload segment")
            try checkOrThrow(
                try JSONParser(limits: JWS.headerLimits).parseObject(decoded[0]) == message.header,
                "the verified header is not the header segment"
            )
            let signingInput = Array(token.utf8.prefix(segments[0].count + 1 + segments[1].count))
            try checkOrThrow(
                try key.isValidSignature(decoded[2], for: signingInput),
                "the key refuses the accepted signature"
            )
        } catch { mustNotThrow(error, "re-reading an accepted JWS") }
        if let verified = try? verifier.verify(token) {
            check(verified.payload == message.payload, "verify and verifyMessage disagree on the payload")
            check(verified.format == algorithm.format, "a verified JWT reports format \(verified.format)")
            check(
                (try? ClaimsCodec.jwt.decode(verified.payload)) == verified.claims,
                "the verified claims are not the claims of the verified payload"
            )
        }
        let index = position(from: input, in: token.utf8.count)
        let changed = replacingCharacter(of: token, at: index, salt: token.utf8.count &+ Int(input.last ?? 0))
        check((try? verifier.verifyMessage(changed)) == nil, "a JWS with character \(index) changed still verifies")
    }

    /// The bytes with each placeholder replaced.
    private static func replacing(_ bytes: [UInt8], _ replacements: [(String, String)]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        outer: while index < bytes.count {
            for (placeholder, value) in replacements {
                let pattern = Array(placeholder.utf8)
                if bytes[index...].starts(with: pattern) {
                    output += Array(value.utf8)
                    index += pattern.count
                    continue outer
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return output
    }
}
