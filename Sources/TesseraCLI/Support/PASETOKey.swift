import TesseraCore
import TesseraPASETO

/// A PASETO key read from a PASERK, in the roles the CLI needs.
enum PASETOKey {
    case local(PASETO.V4.Local.SymmetricKey)
    case secret(PASETO.V4.Public.SecretKey)
    case `public`(PASETO.V4.Public.PublicKey)

    /// Reads `k4.local.`, `k4.secret.` or `k4.public.`.
    init(paserk: String) throws(CLIError) {
        do {
            if paserk.hasPrefix("k4.secret.") {
                self = .secret(try PASETO.V4.Public.SecretKey(paserk: paserk))
            } else if paserk.hasPrefix("k4.public.") {
                self = .public(try PASETO.V4.Public.PublicKey(paserk: paserk))
            } else {
                self = .local(try PASETO.V4.Local.SymmetricKey(paserk: paserk))
            }
        } catch {
            throw CLIError.unusable(
                "unusable key (expected a k4.local, k4.secret or k4.public PASERK): \(error.reason) [\(error.code)]"
            )
        }
    }

    /// The key's PASERK id.
    var id: String {
        switch self {
        case .local(let key): key.id
        case .secret(let key): key.id
        case .public(let key): key.id
        }
    }

    /// A verifier for the key's format.
    func verifier(rules: ValidationRules, settings: PASETO.VerificationSettings) -> any TokenVerifier {
        switch self {
        case .local(let key): PASETO.V4.Local.Verifier(key: key, rules: rules, settings: settings)
        case .secret(let key): PASETO.V4.Public.Verifier(key: key.publicKey, rules: rules, settings: settings)
        case .public(let key): PASETO.V4.Public.Verifier(key: key, rules: rules, settings: settings)
        }
    }

    /// An issuer for the key's format; public keys cannot issue.
    func issuer(
        footer: [UInt8],
        implicitAssertion: [UInt8],
        defaults: IssuingDefaults
    ) throws(CLIError) -> any TokenIssuer {
        switch self {
        case .local(let key):
            return PASETO.V4.Local.Issuer(
                key: key,
                footer: .bytes(footer),
                implicitAssertion: implicitAssertion,
                defaults: defaults
            )
        case .secret(let key):
            return PASETO.V4.Public.Issuer(
                key: key,
                footer: .bytes(footer),
                implicitAssertion: implicitAssertion,
                defaults: defaults
            )
        case .public:
            throw CLIError.unusable("a k4.public key can only verify; issue with the k4.secret key")
        }
    }
}
