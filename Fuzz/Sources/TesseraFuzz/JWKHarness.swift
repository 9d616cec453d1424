import TesseraCore
import TesseraJWS

/// `jwk`: JWK and JWKS parsing (`JWS.JWK`, `JWS.KeySet(jwks:)`).
///
/// The whole input is JSON text, read as a public JWK (without a pinned algorithm, and with one chosen from the
/// input), as a private JWK, and as a JWKS. Every accepted key must export a JWK that reads back to a key with the
/// same algorithm, `kid` and RFC 7638 thumbprint, and that thumbprint must be the input JWK's own; a signing key
/// must sign what its verification key accepts.
public enum JWKHarness {
    /// Runs one input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    public static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let object = try? JSONParser(limits: .payload).parseObject(bytes)
        if let key = try? JWS.JWK.verificationKey(from: text) {
            checkRoundTrip(key, input: object)
            if case .string(let alg)? = object?["alg"] {
                check(key.algorithm.name == alg, "a JWK with alg \(alg) became an \(key.algorithm) key")
            }
        }
        let pin = pins[position(from: bytes, in: pins.count)]
        if let key = try? JWS.JWK.verificationKey(from: text, algorithm: pin) {
            check(key.algorithm == pin, "a JWK read with \(pin) pinned became an \(key.algorithm) key")
            checkRoundTrip(key, input: object)
        }
        if let key = try? JWS.JWK.signingKey(from: text) {
            checkSigningKey(key, input: object)
        }
        if let set = try? JWS.KeySet(jwks: text) {
            for id in set.ids {
                guard let key = set.key(withID: id) else {
                    fatalError("PROPERTY FAILED: a key set lists kid \(id) but has no key for it")
                }
                check(key.keyID == id, "the key set's key for kid \(id) has kid \(key.keyID ?? "none")")
                checkRoundTrip(key, input: nil)
            }
            let families = Set(set.ids.compactMap { set.key(withID: $0)?.algorithm.name.hasPrefix("HS") })
            check(families.count <= 1, "a key set mixes HMAC secrets with public keys")
        }
    }

    private static let pins: [JWS.Algorithm] = JWS.Algorithm.all

    private static func checkRoundTrip(_ key: any JWSVerificationKey, input: JSONObject?) {
        do {
            let thumbprint = try key.thumbprint()
            let exported = try key.jwk()
            let again = try JWS.JWK.verificationKey(from: exported)
            check(
                again.algorithm == key.algorithm,
                "a re-read JWK has algorithm \(again.algorithm), not \(key.algorithm)"
            )
            check(
                again.keyID == key.keyID,
                "a re-read JWK has kid \(again.keyID ?? "none"), not \(key.keyID ?? "none")"
            )
            try checkOrThrow(try again.thumbprint() == thumbprint, "a re-read JWK has another thumbprint")
            try checkOrThrow(
                try JWS.JWK.thumbprint(of: exported) == thumbprint,
                "the exported JWK's thumbprint differs"
            )
            if let input {
                // Finding jwk-non-minimal-integer: an RSA "n" or "e" with leading zero bytes is accepted, and the
                // key's thumbprint (its default kid) then differs from the thumbprint of the JWK as published.
                if !KnownFindings.isTolerated("jwk-non-minimal-integer") {
                    check(
                        (try? JWS.JWK.thumbprint(of: input)) == thumbprint,
                        "the accepted JWK's own thumbprint is not the key's (non-minimal members?)"
                    )
                }
                if input["kid"] == nil, !key.algorithm.name.hasPrefix("HS") {
                    check(key.keyID == thumbprint, "a JWK without kid did not get its thumbprint as kid")
                }
            }
        } catch { mustNotThrow(error, "re-exporting an accepted JWK") }
    }

    private static func checkSigningKey(_ key: any JWSSigningKey, input: JSONObject?) {
        let message = Array("tessera fuzz".utf8)
        do {
            let verificationKey: any JWSVerificationKey = key.verificationKey
            check(verificationKey.algorithm == key.algorithm, "a signing key's verification key has another algorithm")
            let signature = try key.signature(for: message)
            try checkOrThrow(
                try verificationKey.isValidSignature(signature, for: message),
                "a signing key's signature does not verify under its verification key"
            )
            let exported = try key.jwk()
            let again = try JWS.JWK.signingKey(
                from: String(decoding: JSONWriter.bytes(for: .object(exported)), as: UTF8.self)
            )
            try checkOrThrow(
                try again.verificationKey.thumbprint() == verificationKey.thumbprint(),
                "a re-read private JWK has another thumbprint"
            )
            checkRoundTrip(verificationKey, input: input)
        } catch { mustNotThrow(error, "using an accepted private JWK") }
    }
}
