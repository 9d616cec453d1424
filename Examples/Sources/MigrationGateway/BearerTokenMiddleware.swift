import Hummingbird
import TesseraCore
import TesseraMigration

/// Accepts `Authorization: Bearer` PASETO v4 tokens or, during the migration window, legacy JWTs, through one
/// dual-accept verifier; anything else ends in a 401 with a JSON error body.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = GatewayContext

    let verifier: Migration.DualVerifier

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let token = bearerToken(request) else {
            return unauthorized(TesseraError(.malformedToken, "send the token as Authorization: Bearer <token>"))
        }
        do {
            let (verified, origin) = try verifier.verifyReportingOrigin(token)
            var context = context
            context.verified = verified
            context.origin = origin
            return try await next(request, context)
        } catch let error as TesseraError {
            return unauthorized(error)
        }
    }
}
