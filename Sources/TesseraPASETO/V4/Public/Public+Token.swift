public import TesseraCore
import TesseraSodium

extension PASETO.V4.Public {
    /// Issues `v4.public` tokens: claims signed with one Ed25519 secret key (readable by anyone).
    public struct Issuer: TokenIssuer {
        /// The signing key.
        public let key: SecretKey
        /// Claims added when absent (`iat`, `exp`).
        public var defaults: IssuingDefaults
        /// How `aud` is written: a single string (the default, as PASETO's registry defines it), or an array when
        /// several audiences are set (only for verifiers configured to read arrays).
        public var audienceFormat: ClaimsCodec.AudienceFormat = .string
        /// The implicit assertion bound into every signature.
        public var implicitAssertion: [UInt8]
        private let footer: [UInt8]

        /// Always `TokenFormat.pasetoV4Public`.
        public var format: TokenFormat { .pasetoV4Public }

        /// Creates an issuer.
        ///
        /// - Parameters:
        ///   - key: The Ed25519 secret key.
        ///   - footer: The footer to write; `.keyID` writes the public key's `k4.pid.` id.
        ///   - implicitAssertion: Bytes bound into the signature but not stored in the token.
        ///   - defaults: Claims added when absent.
        public init(
            key: SecretKey,
            footer: PASETO.Footer = .none,
            implicitAssertion: [UInt8] = [],
            defaults: IssuingDefaults = IssuingDefaults()
        ) {
            self.key = key
            self.footer = footer.encoded(keyID: key.publicKey.id)
            self.implicitAssertion = implicitAssertion
            self.defaults = defaults
        }

        /// Signs claims into a `v4.public` token.
        ///
        /// - Parameter claims: The claims; `iat` and `exp` are added per ``defaults`` when absent.
        /// - Returns: The token.
        /// - Throws: `TesseraError.Code.invalidClaim` for claims PASETO cannot express.
        public func issue(_ claims: Claims) throws(TesseraError) -> String {
            let codec = ClaimsCodec(dateFormat: .rfc3339, audienceFormat: audienceFormat)
            let payload = try codec.encode(defaults.apply(to: claims))
            return try PASETO.V4.Public.sign(payload, using: key, footer: footer, implicitAssertion: implicitAssertion)
        }
    }

    /// Verifies `v4.public` tokens: header, signature, payload JSON and claim rules.
    public struct Verifier: TokenVerifier {
        private let keys: PASETO.VerificationKeys<PublicKey>
        /// Claim checks run after the signature verified.
        public var rules: ValidationRules
        /// Footer, implicit assertion and parsing limits.
        public var settings: PASETO.VerificationSettings

        /// Always `TokenFormat.pasetoV4Public`.
        public var format: TokenFormat { .pasetoV4Public }

        /// A verifier for one public key; the footer's `kid`, if any, is not consulted.
        ///
        /// - Parameters:
        ///   - key: The Ed25519 public key.
        ///   - rules: Claim checks.
        ///   - settings: Footer, implicit assertion and limits.
        public init(
            key: PublicKey,
            rules: ValidationRules = ValidationRules(),
            settings: PASETO.VerificationSettings = .init()
        ) {
            self.keys = .single(key)
            self.rules = rules
            self.settings = settings
        }

        /// A verifier that picks the key named by the footer's `kid` (a `k4.pid.` id) from a ring.
        ///
        /// - Parameters:
        ///   - keys: The ring.
        ///   - rules: Claim checks.
        ///   - settings: Footer, implicit assertion and limits.
        public init(
            keys: PASETO.KeyRing<PublicKey>,
            rules: ValidationRules = ValidationRules(),
            settings: PASETO.VerificationSettings = .init()
        ) {
            self.keys = .ring(keys)
            self.rules = rules
            self.settings = settings
        }

        /// Verifies a token.
        ///
        /// - Parameter token: The untrusted token.
        /// - Returns: The verified token with its claims and the exact payload bytes.
        /// - Throws: `TesseraError` naming the first check that failed.
        public func verify(_ token: String) throws(TesseraError) -> VerifiedToken {
            try settings.verify(
                token,
                format: format,
                header: PASETO.V4.Public.header,
                minimumBody: Sodium.ed25519SignatureLength,
                keys: keys,
                rules: rules
            ) { parts, key throws(TesseraError) in
                try PASETO.V4.Public.verify(
                    parts,
                    using: key,
                    expectedFooter: settings.expectedFooter,
                    implicitAssertion: settings.implicitAssertion
                )
            }
        }
    }
}

extension PASETO.V4.Public.SecretKey: TokenIssuer, TokenVerifier {
    /// Always `TokenFormat.pasetoV4Public`.
    public var format: TokenFormat { .pasetoV4Public }

    /// Signs a token with default settings (no footer, `exp` in one hour); see ``PASETO/V4/Public/Issuer``.
    ///
    /// - Parameter claims: The claims.
    /// - Returns: The token.
    /// - Throws: `TesseraError.Code.invalidClaim` for claims PASETO cannot express.
    public func issue(_ claims: Claims) throws(TesseraError) -> String {
        try PASETO.V4.Public.Issuer(key: self).issue(claims)
    }

    /// Verifies a token under the matching public key with default rules; see ``PASETO/V4/Public/Verifier``.
    ///
    /// - Parameter token: The untrusted token.
    /// - Returns: The verified token.
    /// - Throws: `TesseraError` naming the first check that failed.
    public func verify(_ token: String) throws(TesseraError) -> VerifiedToken {
        try PASETO.V4.Public.Verifier(key: publicKey).verify(token)
    }
}
