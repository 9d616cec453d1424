public import TesseraCore
internal import TesseraSodium

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Logins, refresh-token rotation with reuse detection, and logouts, over a ``SessionStore``.
///
/// A login starts a session (a family of refresh tokens) and returns its first refresh token with a short-lived access
/// token. Each ``refresh(_:)`` spends the presented refresh token and returns a new one with a fresh access token;
/// presenting a spent token again revokes the whole session and throws
/// ``TesseraError/Code/refreshTokenReused``, since either the client or a thief holds a copy. Access tokens are made
/// by the issuer given here (PASETO v4 or JWS for legacy clients) and carry `sub`, `sid` (the session id), a random
/// `jti`, `iat` and `exp`, plus the policy's `iss` and `aud`.
///
/// ```swift
/// let sessions = SessionManager(store: store, key: refreshKey, issuer: accessIssuer)
/// let login = try await sessions.login(subject: "user-42")
/// // set login.refreshToken in a cookie (RefreshCookie), return login.accessToken in the body
/// let next = try await sessions.refresh(presentedCookieValue)
/// ```
public struct SessionManager: Sendable {
    /// The custom claim naming an access token's session.
    public static let sessionClaim = "sid"

    /// The store.
    public let store: any SessionStore
    /// The lifetimes.
    public let policy: SessionPolicy
    private let key: RefreshTokenKey
    private let issuer: any TokenIssuer
    private let clock: TokenClock

    /// Creates a manager.
    ///
    /// - Parameters:
    ///   - store: Where sessions and revocations live.
    ///   - key: The server key refresh tokens are hashed with.
    ///   - issuer: Makes access tokens; its own defaults apply only to claims this manager leaves unset.
    ///   - policy: Lifetimes and access-token `iss`/`aud`.
    ///   - clock: The time source.
    public init(
        store: any SessionStore,
        key: RefreshTokenKey,
        issuer: any TokenIssuer,
        policy: SessionPolicy = SessionPolicy(),
        clock: TokenClock = .system
    ) {
        self.store = store
        self.key = key
        self.issuer = issuer
        self.policy = policy
        self.clock = clock
    }

    /// Starts a session for an authenticated subject.
    ///
    /// - Parameter subject: The subject (user id); the caller has authenticated it.
    /// - Returns: The first refresh token and an access token.
    /// - Throws: ``TesseraError/Code/storeUnavailable``, or an issuer's error.
    public func login(subject: String) async throws(TesseraError) -> SessionGrant {
        let now = try ValidationRules.checkedInstant(clock.now())
        let family = SessionFamily(
            id: try Self.randomID(),
            subject: subject,
            createdAt: now,
            expiresAt: now.addingTimeInterval(policy.absoluteLifetime)
        )
        let token = try RefreshToken.generate()
        try await store.createFamily(family, firstToken: try key.hash(token), tokenExpiry: idleExpiry(now, family))
        return try grant(family, token: token, now: now)
    }

    /// Spends a refresh token and returns its successor with a fresh access token.
    ///
    /// - Parameter presented: The refresh token the client sent.
    /// - Returns: The next refresh token and an access token.
    /// - Throws: ``TesseraError/Code/refreshTokenInvalid`` (malformed or unknown),
    ///   ``TesseraError/Code/refreshTokenExpired``, ``TesseraError/Code/sessionRevoked``,
    ///   ``TesseraError/Code/refreshTokenReused`` (the session is revoked as a result), or
    ///   ``TesseraError/Code/storeUnavailable``.
    public func refresh(_ presented: String) async throws(TesseraError) -> SessionGrant {
        let token = try RefreshToken(presented: presented)
        let now = try ValidationRules.checkedInstant(clock.now())
        let successor = try RefreshToken.generate()
        let outcome = try await store.rotate(
            RotationRequest(
                presented: try key.hash(token),
                successor: try key.hash(successor),
                now: now,
                successorExpiry: now.addingTimeInterval(policy.idleLifetime),
                accessTokenLifetime: policy.accessTokenLifetime
            )
        )
        switch outcome {
        case .rotated(let family):
            return try grant(family, token: successor, now: now)
        case .reused(let family):
            throw TesseraError(
                .refreshTokenReused,
                "the refresh token was already used; session \(family.id) has been revoked"
            )
        case .revoked(let family):
            throw TesseraError(.sessionRevoked, "session \(family.id) has been revoked")
        case .expired:
            throw TesseraError(.refreshTokenExpired, "the refresh token or its session has expired")
        case .unknown:
            throw TesseraError(.refreshTokenInvalid, "the refresh token is not known to the store")
        }
    }

    /// Ends one session: its refresh tokens stop working and its access tokens are revoked.
    ///
    /// - Parameter sessionID: The session id (the `sid` claim).
    /// - Returns: `false` when no live session has that id.
    /// - Throws: ``TesseraError/Code/storeUnavailable``.
    @discardableResult
    public func logout(sessionID: String) async throws(TesseraError) -> Bool {
        let now = try ValidationRules.checkedInstant(clock.now())
        return try await store.revokeFamily(
            id: sessionID,
            at: now,
            accessTokensUntil: now.addingTimeInterval(policy.accessTokenLifetime)
        )
    }

    /// Ends every session of a subject and revokes every token issued to it until now: logout everywhere, a
    /// password change.
    ///
    /// - Parameter subject: The subject.
    /// - Throws: ``TesseraError/Code/storeUnavailable``.
    public func logoutEverywhere(subject: String) async throws(TesseraError) {
        let now = try ValidationRules.checkedInstant(clock.now())
        try await store.revoke([.subject(subject, before: now)], at: now)
    }

    private func idleExpiry(_ now: Date, _ family: SessionFamily) -> Date {
        min(now.addingTimeInterval(policy.idleLifetime), family.expiresAt)
    }

    private func grant(_ family: SessionFamily, token: RefreshToken, now: Date) throws(TesseraError) -> SessionGrant {
        var claims = Claims(
            issuer: policy.issuer,
            subject: family.subject,
            audience: policy.audience.map { Audience($0) },
            expiration: now.addingTimeInterval(policy.accessTokenLifetime),
            issuedAt: now,
            tokenID: try Self.randomID()
        )
        claims.custom[Self.sessionClaim] = .string(family.id)
        return SessionGrant(
            accessToken: try issuer.issue(claims),
            refreshToken: token,
            session: family,
            refreshTokenExpiry: idleExpiry(now, family)
        )
    }

    /// 128 random bits in base64url: session ids and `jti` values.
    static func randomID() throws(TesseraError) -> String {
        Base64URL.encode(try Sodium.randomBytes(16))
    }
}

/// What a login or a refresh hands back to the client.
public struct SessionGrant: Sendable {
    /// The short-lived access token, for the response body and the `Authorization` header.
    public let accessToken: String
    /// The next refresh token, for the refresh cookie only.
    public let refreshToken: RefreshToken
    /// The session.
    public let session: SessionFamily
    /// When the refresh token lapses if unused; the cookie's `Max-Age` follows it.
    public let refreshTokenExpiry: Date

    /// Creates a grant.
    ///
    /// - Parameters:
    ///   - accessToken: The access token.
    ///   - refreshToken: The refresh token.
    ///   - session: The session.
    ///   - refreshTokenExpiry: The refresh token's idle expiry.
    public init(accessToken: String, refreshToken: RefreshToken, session: SessionFamily, refreshTokenExpiry: Date) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.session = session
        self.refreshTokenExpiry = refreshTokenExpiry
    }
}
