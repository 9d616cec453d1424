import Hummingbird
import TesseraCore

/// Requires an `Authorization: Bearer` access token that the verifier accepts, revocation check included; anything
/// else ends in a 401 naming Tessera's error code (`revoked`, `expired`, ...), except a stale revocation list or an
/// unavailable store: 503 with `Retry-After: 1`, since the token may still be good.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = BFFContext

    /// The access-token verifier, wrapped with `checkingRevocation`.
    let verifier: any TokenVerifier

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token = bearerToken(request) else {
            return unauthorized(TesseraError(.malformedToken, "send the access token as Authorization: Bearer <token>"))
        }
        var context = context
        do throws(TesseraError) {
            context.verified = try verifier.verify(token)
        } catch {
            return unauthorized(error)
        }
        return try await next(request, context)
    }
}
