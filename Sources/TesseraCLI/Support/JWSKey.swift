import TesseraCore
import TesseraJWS

/// A JWS key read from a JWK, a JWKS or PEM, bound to one algorithm.
enum JWSKey {
    case signing(any JWSSigningKey)
    case verification(any JWSVerificationKey)
    case set(JWS.KeySet)

    /// Reads JWK, JWKS or PEM text; `algorithm` pins keys that carry none and must agree with those that do.
    init(text: String, algorithm: JWS.Algorithm?, minimumRSABits: Int) throws(CLIError) {
        do {
            if text.hasPrefix("-----BEGIN") {
                self = try Self.pem(text, algorithm: algorithm, minimumRSABits: minimumRSABits)
            } else {
                // The library's JWK/JWKS limits (256 KiB, depth 4), not a token payload's.
                let object = try JSONParser(limits: JSONLimits(maxBytes: 256 * 1024, maxDepth: 4, maxMembers: 4096))
                    .parseObject(Array(text.utf8))
                if object["keys"] != nil {
                    self = .set(try JWS.KeySet(jwks: text, algorithm: algorithm, minimumRSABits: minimumRSABits))
                } else if object["d"] != nil || object["k"] != nil {
                    self = .signing(
                        try JWS.JWK.signingKey(from: text, algorithm: algorithm, minimumRSABits: minimumRSABits)
                    )
                } else {
                    self = .verification(
                        try JWS.JWK.verificationKey(from: object, algorithm: algorithm, minimumRSABits: minimumRSABits)
                    )
                }
            }
        } catch let error as CLIError {
            throw error
        } catch let error as TesseraError {
            throw CLIError.unusable("unusable key: \(error.reason) [\(error.code)]")
        } catch {
            throw CLIError.unusable("unusable key")
        }
    }

    private static func pem(_ text: String, algorithm: JWS.Algorithm?, minimumRSABits: Int) throws -> JWSKey {
        guard let algorithm else { throw CLIError.unusable("a PEM key carries no algorithm; pin one with --alg") }
        let isPrivate = text.contains("PRIVATE KEY-----")
        switch algorithm.name.prefix(2) {
        case "RS", "PS":
            return isPrivate
                ? .signing(
                    try JWS.RSAPrivateKey(algorithm: algorithm, pemRepresentation: text, minimumBits: minimumRSABits)
                )
                : .verification(
                    try JWS.RSAPublicKey(algorithm: algorithm, pemRepresentation: text, minimumBits: minimumRSABits)
                )
        case "ES":
            return isPrivate
                ? .signing(try JWS.ECDSAPrivateKey(algorithm: algorithm, pemRepresentation: text))
                : .verification(try JWS.ECDSAPublicKey(algorithm: algorithm, pemRepresentation: text))
        case "Ed":
            return isPrivate
                ? .signing(try JWS.EdDSAPrivateKey(pemRepresentation: text))
                : .verification(try JWS.EdDSAPublicKey(pemRepresentation: text))
        default:
            throw CLIError.unusable("\(algorithm) keys are HMAC secrets; give them as an oct JWK")
        }
    }

    /// The key that verifies, whatever form was given.
    func verifier(rules: ValidationRules, settings: JWS.VerificationSettings) -> JWS.Verifier {
        switch self {
        case .signing(let key): JWS.Verifier(key: key.verificationKey, rules: rules, settings: settings)
        case .verification(let key): JWS.Verifier(key: key, rules: rules, settings: settings)
        case .set(let set): JWS.Verifier(keys: set, rules: rules, settings: settings)
        }
    }

    /// A signer for private keys; public keys and key sets cannot sign.
    func signer(defaults: IssuingDefaults, type: String?) throws(CLIError) -> any TokenIssuer {
        guard case .signing(let key) = self else {
            throw CLIError.unusable("this key can only verify; issue with a private JWK or PEM key")
        }
        return Self.signer(key, defaults: defaults, type: type)
    }

    private static func signer(_ key: some JWSSigningKey, defaults: IssuingDefaults, type: String?) -> any TokenIssuer {
        JWS.Signer(key: key, type: type, defaults: defaults)
    }
}
