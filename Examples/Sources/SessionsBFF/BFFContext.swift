import Foundation
import Hummingbird
import TesseraCore

/// The request context: Hummingbird's core storage plus the access token the bearer middleware verified.
struct BFFContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The verified access token, set by ``BearerTokenMiddleware``.
    var verified: VerifiedToken?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}

/// A JSON response with the given status; token responses are never cached.
func jsonResponse(_ status: HTTPResponse.Status, _ body: JSONObject, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/json"
    fields[.cacheControl] = "no-store"
    return Response(
        status: status,
        headers: fields,
        body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(for: .object(body))))
    )
}

/// The error body every failure uses: `{"error": "<code>", "reason": "..."}`.
func errorResponse(
    _ status: HTTPResponse.Status,
    _ code: String,
    _ reason: String,
    headers: HTTPFields = [:]
) -> Response {
    jsonResponse(status, ["error": .string(code), "reason": .string(reason)], headers: headers)
}

/// A refused access token: 401 with Tessera's error code, or 503 with `Retry-After: 1` when the revocation list is
/// stale or the store behind it is down. Neither says anything about the token, so the client must retry it, not
/// drop it and log the user out.
func unauthorized(_ error: TesseraError) -> Response {
    if error.code == .revocationStateStale || error.code == .storeUnavailable {
        return errorResponse(.serviceUnavailable, error.code.description, error.reason, headers: [.retryAfter: "1"])
    }
    return errorResponse(
        .unauthorized,
        error.code.description,
        error.reason,
        headers: [.wwwAuthenticate: #"Bearer error="invalid_token""#]
    )
}

/// The token of an `Authorization: Bearer` header.
func bearerToken(_ request: Request) -> String? {
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
    return String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
}
