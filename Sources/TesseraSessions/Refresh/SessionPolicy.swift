public import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Lifetimes of sessions, refresh tokens and access tokens, checked when set.
///
/// The defaults follow the hybrid model: access tokens live 10 minutes, a refresh token lapses after 14 idle days,
/// and a session ends 30 days after login however active it is.
public struct SessionPolicy: Sendable {
    /// The longest accepted session: one year.
    public static let maximumSessionLifetime: TimeInterval = 366 * 86_400
    /// The longest accepted access-token lifetime: one day. Access tokens are the part that cannot be taken back
    /// except through the revocation list, so they stay short.
    public static let maximumAccessTokenLifetime: TimeInterval = 86_400

    /// Seconds an access token lives (default 600).
    public private(set) var accessTokenLifetime: TimeInterval = 600
    /// Seconds a refresh token lives unused (default 14 days).
    public private(set) var idleLifetime: TimeInterval = 14 * 86_400
    /// Seconds a session lives from login (default 30 days).
    public private(set) var absoluteLifetime: TimeInterval = 30 * 86_400
    /// `iss` of the access tokens, if set.
    public var issuer: String?
    /// `aud` of the access tokens, if set.
    public var audience: String?

    /// The default policy.
    public init() {}

    /// A policy with the given lifetimes.
    ///
    /// - Parameters:
    ///   - accessTokenLifetime: Seconds, above 0 and at most ``maximumAccessTokenLifetime``.
    ///   - idleLifetime: Seconds, above 0 and at most `absoluteLifetime`.
    ///   - absoluteLifetime: Seconds, above 0 and at most ``maximumSessionLifetime``.
    ///   - issuer: `iss` for access tokens.
    ///   - audience: `aud` for access tokens.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for a NaN, infinite, zero, negative or out-of-bounds
    ///   lifetime, or an idle lifetime longer than the absolute one.
    public init(
        accessTokenLifetime: TimeInterval = 600,
        idleLifetime: TimeInterval = 14 * 86_400,
        absoluteLifetime: TimeInterval = 30 * 86_400,
        issuer: String? = nil,
        audience: String? = nil
    ) throws(TesseraError) {
        self.accessTokenLifetime = try Self.positive(
            accessTokenLifetime,
            "accessTokenLifetime",
            Self.maximumAccessTokenLifetime
        )
        self.absoluteLifetime = try Self.positive(absoluteLifetime, "absoluteLifetime", Self.maximumSessionLifetime)
        self.idleLifetime = try Self.positive(idleLifetime, "idleLifetime", self.absoluteLifetime)
        self.issuer = issuer
        self.audience = audience
    }

    private static func positive(
        _ seconds: TimeInterval,
        _ name: String,
        _ maximum: TimeInterval
    ) throws(TesseraError) -> TimeInterval {
        guard try ValidationRules.checkedDuration(seconds, name: name, maximum: maximum) > 0 else {
            throw TesseraError(.invalidConfiguration, "\(name) must be above 0 seconds")
        }
        return seconds
    }
}
