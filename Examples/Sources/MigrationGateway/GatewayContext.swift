import Hummingbird
import TesseraCore
import TesseraMigration

/// The request context: Hummingbird's core storage plus the token the middleware verified.
struct GatewayContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The verified token, set by ``BearerTokenMiddleware``.
    var verified: VerifiedToken?
    /// Which format the token arrived in.
    var origin: Migration.Origin?

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
    }
}

/// A JSON response with the given status.
func jsonResponse(_ status: HTTPResponse.Status, _ body: JSONObject, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/json"
    return Response(
        status: status,
        headers: fields,
        body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(for: .object(body))))
    )
}

/// The 401 body for a refused token: a stable error, Tessera's error code, and the reason.
func unauthorized(_ error: TesseraError) -> Response {
    jsonResponse(
        .unauthorized,
        ["error": "invalid_token", "code": .string(error.code.description), "reason": .string(error.reason)],
        headers: [.wwwAuthenticate: #"Bearer error="invalid_token""#]
    )
}

/// The token of an `Authorization: Bearer` header.
func bearerToken(_ request: Request) -> String? {
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
    return String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
}
