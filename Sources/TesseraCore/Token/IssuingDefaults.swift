#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Claims an issuer adds when the caller did not set them.
///
/// By default an issuer sets `iat` to now and `exp` to one hour from now, as the PASETO implementation guide
/// recommends; tokens that must not expire need ``lifetime`` set to `nil` explicitly.
public struct IssuingDefaults: Sendable {
    /// Seconds until `exp` when the claims have none; `nil` issues tokens without `exp`.
    public var lifetime: TimeInterval?
    /// Whether to set `iat` when the claims have none.
    public var setsIssuedAt: Bool
    /// The time source for `iat` and `exp`.
    public var clock: TokenClock

    /// Creates defaults.
    ///
    /// - Parameters:
    ///   - lifetime: Seconds until `exp` when absent; `nil` for none.
    ///   - setsIssuedAt: Whether to add `iat`.
    ///   - clock: The time source.
    public init(lifetime: TimeInterval? = 3600, setsIssuedAt: Bool = true, clock: TokenClock = .system) {
        self.lifetime = lifetime
        self.setsIssuedAt = setsIssuedAt
        self.clock = clock
    }

    /// Returns `claims` with the missing defaults filled in.
    ///
    /// - Parameter claims: The caller's claims.
    /// - Returns: The claims to encode.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` when ``lifetime`` is not a finite number of seconds above 0
    ///   (a NaN or negative lifetime would issue tokens without a usable or already past `exp`), or when the clock
    ///   reads a non-finite instant.
    public func apply(to claims: Claims) throws(TesseraError) -> Claims {
        guard (lifetime != nil && claims.expiration == nil) || (setsIssuedAt && claims.issuedAt == nil) else {
            return claims
        }
        if let lifetime {
            guard try ValidationRules.checkedDuration(lifetime, name: "lifetime") > 0 else {
                throw TesseraError(.invalidConfiguration, "lifetime must be above 0 seconds")
            }
        }
        var claims = claims
        let now = try ValidationRules.checkedInstant(clock.now())
        if setsIssuedAt, claims.issuedAt == nil { claims.issuedAt = now }
        if let lifetime, claims.expiration == nil { claims.expiration = now.addingTimeInterval(lifetime) }
        return claims
    }
}
