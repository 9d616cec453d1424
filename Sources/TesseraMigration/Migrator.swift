public import TesseraCore
public import TesseraJWS

extension Migration {
    /// Exchanges legacy JWTs for PASETO v4 tokens.
    ///
    /// ```swift
    /// let migrator = Migration.Migrator(
    ///     verifier: JWS.Verifier(keys: legacyKeys, rules: ValidationRules(issuer: "https://old-auth")),
    ///     target: .public(pasetoKey),
    ///     mapping: Migration.ClaimMapping(issuer: "https://auth", maximumLifetime: 300)
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
        private let issuer: any TokenIssuer

        /// Creates a migrator.
        ///
        /// - Parameters:
        ///   - verifier: The JWT verifier; its rules decide which JWTs are accepted.
        ///   - target: The PASETO key.
        ///   - mapping: The claim mapping.
        public init(verifier: JWS.Verifier, target: Target, mapping: ClaimMapping = ClaimMapping()) {
            self.verifier = verifier
            self.target = target
            self.mapping = mapping
            self.issuer = target.issuer(audienceFormat: mapping.writesAudienceArrays ? .stringOrArray : .string)
        }

        /// Verifies a JWT and issues the PASETO token for its mapped claims.
        ///
        /// Nothing is issued for a JWT that fails any check.
        ///
        /// - Parameter jwt: The untrusted legacy token.
        /// - Returns: The PASETO v4 token, with the PASETO key's PASERK id as footer `kid`.
        /// - Throws: The verifier's error for a refused JWT, or the mapping's error.
        public func migrate(_ jwt: String) throws(TesseraError) -> String {
            let verified = try verifier.verify(jwt)
            return try issue(for: verified.claims)
        }

        /// Issues the PASETO token for claims of a JWT that was already verified with this migrator's verifier.
        ///
        /// - Parameter claims: The verified JWT claims.
        /// - Returns: The PASETO v4 token.
        /// - Throws: The mapping's error.
        public func issue(for claims: Claims) throws(TesseraError) -> String {
            try issuer.issue(mapping.map(claims, now: verifier.rules.clock.now()))
        }
    }
}
