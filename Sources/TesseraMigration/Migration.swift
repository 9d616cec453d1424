public import TesseraCore
public import TesseraPASETO

/// Moving from JWTs to PASETO v4 without a flag day: verify a legacy JWT with a pinned key, map its claims, and
/// issue a PASETO v4 token; or accept both during the migration window.
///
/// No step negotiates: the JWT verifier is pinned to its keys' algorithms, the PASETO issuer to one key, and the
/// dual-accept verifier routes only on the exact `v4.local.` / `v4.public.` prefix.
public enum Migration: Sendable {
    /// The PASETO key migrated tokens are issued with; it decides the output purpose.
    public enum Target: Sendable {
        /// Issue `v4.local` tokens.
        case local(PASETO.V4.Local.SymmetricKey)
        /// Issue `v4.public` tokens.
        case `public`(PASETO.V4.Public.SecretKey)

        /// The PASERK id written as the footer's `kid` (`k4.lid.` or `k4.pid.`).
        public var keyID: String {
            switch self {
            case .local(let key): key.id
            case .public(let key): key.publicKey.id
            }
        }

        /// The format of the tokens issued.
        public var format: TokenFormat {
            switch self {
            case .local: .pasetoV4Local
            case .public: .pasetoV4Public
            }
        }

        /// An issuer that writes exactly the mapped claims and `{"kid": keyID}` as footer.
        func issuer(audienceFormat: ClaimsCodec.AudienceFormat) -> any TokenIssuer {
            let defaults = IssuingDefaults(lifetime: nil, setsIssuedAt: false)
            switch self {
            case .local(let key):
                var issuer = PASETO.V4.Local.Issuer(key: key, footer: .keyID, defaults: defaults)
                issuer.audienceFormat = audienceFormat
                return issuer
            case .public(let key):
                var issuer = PASETO.V4.Public.Issuer(key: key, footer: .keyID, defaults: defaults)
                issuer.audienceFormat = audienceFormat
                return issuer
            }
        }
    }
}
