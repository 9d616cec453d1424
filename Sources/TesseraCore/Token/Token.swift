/// Issues tokens of one fixed format with one fixed key.
///
/// Everything format-specific (key, footer, implicit assertion, header fields) is fixed when the issuer is made, so
/// generic code — the migration adapter, the comparison, property tests — only ever passes claims.
public protocol TokenIssuer: Sendable {
    /// The format of every token this issuer makes.
    var format: TokenFormat { get }

    /// Encodes, signs or encrypts claims into a token string.
    ///
    /// - Parameter claims: The claims; the issuer may add defaults (see ``IssuingDefaults``).
    /// - Returns: The token.
    /// - Throws: ``TesseraError`` when the claims cannot be expressed in this format.
    func issue(_ claims: Claims) throws(TesseraError) -> String
}

/// Verifies tokens of one fixed format against fixed keys and rules.
///
/// The format is never negotiated: the token's header is compared with the verifier's format before any
/// cryptography runs, and any other header is refused with ``TesseraError/Code/wrongHeader``.
public protocol TokenVerifier: Sendable {
    /// The only format this verifier accepts.
    var format: TokenFormat { get }

    /// Checks a token's structure, cryptography and claims.
    ///
    /// - Parameter token: The untrusted token string.
    /// - Returns: The verified token.
    /// - Throws: ``TesseraError`` saying what was wrong; nothing is returned for a token that fails any check.
    func verify(_ token: String) throws(TesseraError) -> VerifiedToken
}

/// A backend that both issues and verifies, e.g. one holding a symmetric key or a signing key.
public typealias Token = TokenIssuer & TokenVerifier
