import Hummingbird
import TesseraCore
import TesseraPASETO
import TesseraSessions

/// The backend-for-frontend: sessions over a shared store, `v4.public` access tokens, and the routes.
struct BFF: Sendable {
    /// `iss` of every access token.
    static let issuer = "https://bff.example"
    /// `aud` of every access token.
    static let audience = "bff"

    /// Logins, rotations and logouts.
    let sessions: SessionManager
    /// Verifies access tokens: signature, `iss`, `aud`, `exp`, then the revocation list.
    let verifier: any TokenVerifier
    /// The refresh cookie's settings.
    let cookie = RefreshCookie()

    /// Creates the BFF.
    ///
    /// - Parameters:
    ///   - store: The session store, prepared.
    ///   - keys: The shared keys.
    ///   - monitor: The revocation list access tokens are checked against.
    /// - Throws: `TesseraError` for an unusable policy or rules.
    init(store: any SessionStore, keys: BFFKeys, monitor: RevocationMonitor) throws {
        sessions = SessionManager(
            store: store,
            key: keys.refresh,
            issuer: PASETO.V4.Public.Issuer(key: keys.signing, footer: .keyID),
            policy: try SessionPolicy(issuer: Self.issuer, audience: Self.audience)
        )
        verifier = PASETO.V4.Public.Verifier(
            keys: try PASETO.KeyRing([keys.signing.publicKey]),
            rules: try ValidationRules(issuer: Self.issuer, audience: Self.audience, leeway: 5)
        ).checkingRevocation(monitor)
    }

    /// The routes: health in the open, login and refresh authenticated by password and cookie, and the rest behind
    /// the bearer middleware.
    func router() -> Router<BFFContext> {
        let router = Router(context: BFFContext.self)
        router.get("health") { _, _ in "ok" }
        router.post("auth/login") { request, _ in try await login(request) }
        router.post("auth/refresh") { request, _ in await refresh(request) }
        let bearer = router.group().add(middleware: BearerTokenMiddleware(verifier: verifier))
        bearer.post("auth/logout") { _, context in await logout(context) }
        bearer.post("auth/logout-all") { _, context in await logoutEverywhere(context) }
        bearer.get("me") { _, context -> Response in
            guard let claims = context.verified?.claims else {
                return unauthorized(TesseraError(.malformedToken, "no verified token"))
            }
            return jsonResponse(
                .ok,
                [
                    "sub": .string(claims.subject ?? ""),
                    "sid": claims.custom[SessionManager.sessionClaim] ?? .null,
                ]
            )
        }
        return router
    }
}
