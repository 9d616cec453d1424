public import TesseraCore
public import TesseraJWS

extension Migration {
    /// Exchanges legacy JWTs for PASETO v4 tokens.
    ///
    /// ```swift
    /// let migrator = try Migration.Migrator(
    ///     verifier: JWS.Verifier(keys: legacyKeys, rules: ValidationRules(issuer: "https://old-auth", audience: "api")),
    ///     target: .public(pasetoKey),
    ///     mapping: try Migration.ClaimMapping(issuer: "https://auth", maximumLifetime: 300),
    ///     window: gate.window
    /// )
    /// let paseto = try migrator.migrate(jwt)
    /// ```
    public struct Migrator: Sendable {
        /// The pinned JWT verifier (keys, algorithms and claim rules).
        public let verifier: JWS.Verifier
        /// The PASETO key tokens are issued with.
        public let target: Target
        /// How claims are mapped.
        public let mapping: ClaimMapping
        /// The cut-off and counts, shared with a ``DualVerifier``.
        public let window: Window
        private let issuer: any TokenIssuer

        /// Creates a migrator.
        ///
        /// - Parameters:
        ///   - verifier: The JWT verifier; its rules decide which JWTs are accepted.
        ///   - target: The PASETO key.
        ///   - mapping: The claim mapping.
        ///   - window: The migration window (cut-off and counts), the same one the ``DualVerifier`` uses
        ///     (``DualVerifier/window``): from its cut-off on, no JWT is exchanged. Required, so that a migrator can
        ///     never be made that ignores the cut-off its verifier enforces.
        /// - Throws: `TesseraError.Code.invalidConfiguration` when the mapping rewrites `aud` but nothing checks the
        ///   legacy audience (neither ``AudiencePolicy/keepMatching(_:)`` nor an `audience` rule on `verifier`), or
        ///   rewrites `iss` but the verifier has no `issuer` rule: either rewrite would relabel any validly signed JWT
        ///   — for another service, or from another tenant sharing the signing keys — as the new service's token.
        public init(
            verifier: JWS.Verifier,
            target: Target,
            mapping: ClaimMapping = ClaimMapping(),
            window: Window
        ) throws(TesseraError) {
            if let audience = mapping.audience, !mapping.checksAudience, verifier.rules.audience == nil {
                throw TesseraError(
                    .invalidConfiguration,
                    "the mapping rewrites aud to \"\(audience)\" but nothing checks the legacy JWT's audience; use "
                        + "AudiencePolicy.keepMatching or give the legacy verifier an audience rule"
                )
            }
            if let issuer = mapping.issuer, verifier.rules.issuer == nil {
                throw TesseraError(
                    .invalidConfiguration,
                    "the mapping rewrites iss to \"\(issuer)\" but the legacy verifier has no issuer rule; give it one"
                )
            }
            self.verifier = verifier
            self.target = target
            self.mapping = mapping
            self.window = window
            self.issuer = target.issuer(audienceFormat: mapping.writesAudienceArrays ? .stringOrArray : .string)
        }

        /// Verifies a JWT and issues the PASETO token for its mapped claims.
        ///
        /// Nothing is issued for a JWT that fails any check.
        ///
        /// - Parameter jwt: The untrusted legacy token.
        /// - Returns: The PASETO v4 token, with the PASETO key's PASERK id as footer `kid`.
        /// - Throws: `TesseraError.Code.formatRetired` after the window's cut-off, the verifier's error for a
        ///   refused JWT, or the mapping's error. Each exchange, and each refusal, is counted in the window.
        public func migrate(_ jwt: String) throws(TesseraError) -> String {
            try counted { () throws(TesseraError) in
                try window.requireJWTsAccepted("exchanged")
                return try mint(try verifier.verify(jwt).claims)
            }
        }

        /// Issues the PASETO token for claims of a JWT that was already verified with this migrator's verifier.
        ///
        /// - Parameter claims: The verified JWT claims.
        /// - Returns: The PASETO v4 token.
        /// - Throws: `TesseraError.Code.formatRetired` after the window's cut-off, or the mapping's error.
        public func issue(for claims: Claims) throws(TesseraError) -> String {
            try counted { () throws(TesseraError) in
                try window.requireJWTsAccepted("exchanged")
                // The verifier's rules again: claims verified elsewhere (another verifier, another branch of a dual
                // verifier) must not be relabelled by a rewrite that these rules were meant to justify.
                try verifier.rules.validate(claims)
                return try mint(claims)
            }
        }

        private func mint(_ claims: Claims) throws(TesseraError) -> String {
            try issuer.issue(mapping.map(claims, now: verifier.rules.clock.now()))
        }

        /// Runs an exchange, counting it in the window as exchanged or refused.
        private func counted(_ exchange: () throws(TesseraError) -> String) throws(TesseraError) -> String {
            do throws(TesseraError) {
                let token = try exchange()
                window.countExchanged()
                return token
            } catch {
                window.countRefused()
                throw error
            }
        }
    }
}
