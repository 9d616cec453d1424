public import TesseraCore

/// A key that verifies JWS signatures of exactly one algorithm.
public protocol JWSVerificationKey: Sendable {
    /// The one algorithm this key verifies.
    var algorithm: JWS.Algorithm { get }
    /// The key id (`kid`), if the key has one.
    var keyID: String? { get }
    /// Whether ``keyID`` was set by the caller (a JWK's `kid`, a `keyID:` argument) rather than computed as the
    /// RFC 7638 thumbprint. A `kid` is a hint (RFC 7515 §4.1.4): a single-key verifier refuses a token naming another
    /// `kid` only when its own key id is explicit.
    var keyIDIsExplicit: Bool { get }

    /// Whether `signature` is a valid signature of `message` under this key and its algorithm.
    ///
    /// - Parameters:
    ///   - signature: The signature bytes in JWS form (raw `r ‖ s` for ECDSA).
    ///   - message: The signed bytes (for a JWS, the ASCII signing input).
    /// - Returns: `true` when the signature verifies.
    /// - Throws: `TesseraError.Code.cryptoFailure` when the underlying library fails.
    func isValidSignature(_ signature: [UInt8], for message: [UInt8]) throws(TesseraError) -> Bool

    /// The key as a public JWK (RFC 7517) with `kty`, `alg`, and `kid` when set.
    ///
    /// - Returns: The JWK object.
    /// - Throws: `TesseraError.Code.cryptoFailure` when the key cannot be exported.
    func jwk() throws(TesseraError) -> JSONObject

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url), Tessera's default `kid`. A requirement, so that a secret
    /// key's own implementation (which leaves no copy of the secret behind) is the one called through `any`.
    ///
    /// - Returns: The thumbprint.
    /// - Throws: `TesseraError.Code.cryptoFailure` when the key cannot be exported.
    func thumbprint() throws(TesseraError) -> String
}

/// A key that signs JWS of exactly one algorithm.
public protocol JWSSigningKey: Sendable {
    /// The key that verifies this key's signatures.
    associatedtype VerificationKey: JWSVerificationKey

    /// The one algorithm this key signs with.
    var algorithm: JWS.Algorithm { get }
    /// The key id (`kid`) written into headers, if any.
    var keyID: String? { get }
    /// The matching verification key (for HMAC, the key itself).
    var verificationKey: VerificationKey { get }

    /// Signs `message`.
    ///
    /// - Parameter message: The bytes to sign (for a JWS, the ASCII signing input).
    /// - Returns: The signature in JWS form.
    /// - Throws: `TesseraError.Code.cryptoFailure` when the underlying library fails.
    func signature(for message: [UInt8]) throws(TesseraError) -> [UInt8]

    /// The key as a private JWK (RFC 7517) with `kty`, `alg` and `kid`.
    ///
    /// - Important: The result contains the private key.
    /// - Returns: The JWK object.
    /// - Throws: `TesseraError.Code.cryptoFailure` when the key cannot be exported.
    func jwk() throws(TesseraError) -> JSONObject
}

extension JWSVerificationKey {
    /// Keys from outside Tessera: a key id, when present, counts as explicit.
    public var keyIDIsExplicit: Bool { keyID != nil }

    /// The RFC 7638 JWK thumbprint (SHA-256, base64url), Tessera's default `kid`.
    ///
    /// - Returns: The thumbprint.
    /// - Throws: `TesseraError.Code.cryptoFailure` when the key cannot be exported.
    public func thumbprint() throws(TesseraError) -> String {
        try JWS.JWK.thumbprint(of: jwk())
    }
}

extension JWS {
    /// Refuses to bind a key of one family to an algorithm of another.
    static func require(_ algorithm: Algorithm, in family: Algorithm.Family, for what: String) throws(TesseraError) {
        let matches: Bool
        switch (algorithm.family, family) {
        case (.hmac, .hmac), (.rsa, .rsa), (.rsaPSS, .rsaPSS), (.rsa, .rsaPSS), (.rsaPSS, .rsa), (.eddsa, .eddsa):
            matches = true
        case (.ecdsa, .ecdsa):
            matches = true
        default:
            matches = false
        }
        guard matches else {
            throw TesseraError(.invalidKey, "\(algorithm) cannot be used with \(what)")
        }
    }
}
