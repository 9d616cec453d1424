public import TesseraCore

/// A verifier that also refuses revoked tokens, checked against a ``RevocationMonitor``'s in-memory list.
///
/// The check runs after the wrapped verifier accepted the token (header, cryptography, claim rules), so it only ever
/// sees claims that are authentic; it never waits on a database.
public struct RevocationCheckingVerifier<Base: TokenVerifier>: TokenVerifier {
    /// The verifier doing the token checks.
    public let base: Base
    /// The revocation list.
    public let monitor: RevocationMonitor

    /// Wraps a verifier.
    ///
    /// - Parameters:
    ///   - base: The verifier.
    ///   - monitor: The revocation list to check against.
    public init(base: Base, monitor: RevocationMonitor) {
        self.base = base
        self.monitor = monitor
    }

    /// The wrapped verifier's format.
    public var format: TokenFormat { base.format }

    /// Verifies the token, then checks it against the revocation list.
    ///
    /// - Parameter token: The untrusted token.
    /// - Returns: The verified token.
    /// - Throws: Whatever the wrapped verifier throws, then ``TesseraError/Code/revocationStateStale`` or
    ///   ``TesseraError/Code/revoked``.
    public func verify(_ token: String) throws(TesseraError) -> VerifiedToken {
        let verified = try base.verify(token)
        try monitor.check(verified)
        return verified
    }
}

extension TokenVerifier {
    /// This verifier with the revocation check added.
    ///
    /// - Parameter monitor: The revocation list to check against.
    /// - Returns: A verifier that refuses revoked tokens and fails closed on a stale list.
    public func checkingRevocation(_ monitor: RevocationMonitor) -> RevocationCheckingVerifier<Self> {
        RevocationCheckingVerifier(base: self, monitor: monitor)
    }
}
