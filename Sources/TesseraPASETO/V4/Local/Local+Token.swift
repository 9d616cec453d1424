public import TesseraCore

extension PASETO.V4.Local {
    /// Issues `v4.local` tokens: claims encrypted under one symmetric key.
    ///
    /// ```swift
    /// let issuer = PASETO.V4.Local.Issuer(key: key, footer: .keyID)
    /// let token = try issuer.issue(Claims(subject: "user-42"))
    /// ```
    public struct Issuer: TokenIssuer {
        /// The key tokens are encrypted with.
        public let key: SymmetricKey
        /// Claims added when absent (`iat`, `exp`).
        public var defaults: IssuingDefaults
        /// How `aud` is written: a single string (the default, as PASETO's registry defines it), or an array when
        /// several audiences are set (only for verifiers configured to read arrays).
        public var audienceFormat: ClaimsCodec.AudienceFormat = .string
        /// The implicit assertion bound into every token.
        public var implicitAssertion: [UInt8]
        private let footer: [UInt8]

        /// Always `TokenFormat.pasetoV4Local`.
        public var format: TokenFormat { .pasetoV4Local }

        /// Creates an issuer.
        ///
        /// - Parameters:
        ///   - key: The `v4.local` key.
        ///   - footer: The footer to write.
        ///   - implicitAssertion: Bytes bound into the tag but not stored in the token.
        ///   - defaults: Claims added when absent.
        public init(
            key: SymmetricKey,
            footer: PASETO.Footer = .none,
            implicitAssertion: [UInt8] = [],
            defaults: IssuingDefaults = IssuingDefaults()
        ) {
            self.key = key
            self.footer = footer.encoded(keyID: key.id)
            self.implicitAssertion = implicitAssertion
            self.defaults = defaults
        }

        /// Encrypts claims into a `v4.local` token.
        ///
        /// - Parameter claims: The claims; `iat` and `exp` are added per ``defaults`` when absent.
        /// - Returns: The token.
        /// - Throws: `TesseraError.Code.invalidClaim` for claims PASETO cannot express.
        public func issue(_ claims: Claims) throws(TesseraError) -> String {
            let codec = ClaimsCodec(dateFormat: .rfc3339, audienceFormat: audienceFormat)
            let payload = try codec.encode(defaults.apply(to: claims))
            return try PASETO.V4.Local.encrypt(
                payload,
                using: key,
                footer: footer,
                implicitAssertion: implicitAssertion,
                nonce: nil
            )
        }
    }

    /// Verifies `v4.local` tokens: header, tag, payload JSON and claim rules.
    ///
    /// ```swift
    /// let verifier = PASETO.V4.Local.Verifier(key: key, rules: ValidationRules(audience: "api"))
    /// let claims = try verifier.verify(token).claims
    /// ```
    public struct Verifier: TokenVerifier {
        private let keys: PASETO.VerificationKeys<SymmetricKey>
        /// Claim checks run after decryption.
        public var rules: ValidationRules
        /// Footer, implicit assertion and parsing limits.
        public var settings: PASETO.VerificationSettings

        /// Always `TokenFormat.pasetoV4Local`.
        public var format: TokenFormat { .pasetoV4Local }

        /// A verifier for one key; the footer's `kid`, if any, is not consulted.
        ///
        /// - Parameters:
        ///   - key: The `v4.local` key.
        ///   - rules: Claim checks.
        ///   - settings: Footer, implicit assertion and limits.
        public init(
            key: SymmetricKey,
            rules: ValidationRules = ValidationRules(),
            settings: PASETO.VerificationSettings = .init()
        ) {
            self.keys = .single(key)
            self.rules = rules
            self.settings = settings
        }

        /// A verifier that picks the key named by the footer's `kid` (a `k4.lid.` id) from a ring.
        ///
        /// - Parameters:
        ///   - keys: The ring.
        ///   - rules: Claim checks.
        ///   - settings: Footer, implicit assertion and limits.
        public init(
            keys: PASETO.KeyRing<SymmetricKey>,
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
                header: PASETO.V4.Local.header,
                minimumBody: PASETO.V4.Local.nonceLength + PASETO.V4.Local.tagLength,
                keys: keys,
                rules: rules
            ) { parts, key throws(TesseraError) in
                try PASETO.V4.Local.decrypt(
                    parts,
                    using: key,
                    expectedFooter: settings.expectedFooter,
                    implicitAssertion: settings.implicitAssertion
                )
            }
        }
    }
}

extension PASETO.V4.Local.SymmetricKey: TokenIssuer, TokenVerifier {
    /// Always `TokenFormat.pasetoV4Local`.
    public var format: TokenFormat { .pasetoV4Local }

    /// Issues a token with default settings (no footer, `exp` in one hour); see ``PASETO/V4/Local/Issuer``.
    ///
    /// - Parameter claims: The claims.
    /// - Returns: The token.
    /// - Throws: `TesseraError.Code.invalidClaim` for claims PASETO cannot express.
    public func issue(_ claims: Claims) throws(TesseraError) -> String {
        try PASETO.V4.Local.Issuer(key: self).issue(claims)
    }

    /// Verifies a token with default rules (`exp` required); see ``PASETO/V4/Local/Verifier``.
    ///
    /// - Parameter token: The untrusted token.
    /// - Returns: The verified token.
    /// - Throws: `TesseraError` naming the first check that failed.
    public func verify(_ token: String) throws(TesseraError) -> VerifiedToken {
        try PASETO.V4.Local.Verifier(key: self).verify(token)
    }
}
