import Foundation
import Hummingbird
import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO

/// The gateway's keys and policies. The legacy signing key stands in for the old authorization server; it is written
/// to the state folder so a test client can mint legacy JWTs.
struct Gateway {
    static let legacyIssuer = "https://legacy-auth.example"
    static let issuer = "https://gateway.example"
    static let audience = "gateway"

    let legacyKey: JWS.ECDSAPrivateKey
    let pasetoKey: PASETO.V4.Public.SecretKey
    let dualVerifier: Migration.DualVerifier
    let migrator: Migration.Migrator

    init(jwtCutoff: Date?) throws {
        legacyKey = try JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        pasetoKey = try PASETO.V4.Public.SecretKey()
        let legacyVerifier = JWS.Verifier(
            keys: try JWS.KeySet([legacyKey.verificationKey]),
            rules: try ValidationRules(issuer: Self.legacyIssuer, audience: Self.audience, leeway: 5)
        )
        let pasetoVerifier = PASETO.V4.Public.Verifier(
            keys: try PASETO.KeyRing([pasetoKey.publicKey]),
            rules: try ValidationRules(issuer: Self.issuer, audience: Self.audience, leeway: 5)
        )
        // One window: the cut-off that stops JWTs at the door also stops their exchange, and one set of counts.
        let window = try Migration.Window(jwtCutoff: jwtCutoff)
        dualVerifier = Migration.DualVerifier(paseto: pasetoVerifier, legacy: legacyVerifier, window: window) {
            origin,
            error in
            if let error {
                print("refused: \(error.code)")
            } else if let origin {
                print("accepted: \(origin)")
            }
        }
        migrator = try Migration.Migrator(
            verifier: legacyVerifier,
            target: .public(pasetoKey),
            mapping: try Migration.ClaimMapping(
                issuer: Self.issuer,
                audience: Self.audience,
                audiencePolicy: .keepMatching(Self.audience),
                maximumLifetime: 300
            ),
            window: window
        )
    }

    /// Writes the legacy private JWK and the PASETO public key for test clients.
    func writeState(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let jwk = String(decoding: JSONWriter.bytes(for: .object(try legacyKey.jwk())), as: UTF8.self)
        try Data(jwk.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent("legacy.jwk"))
        try Data(pasetoKey.publicKey.paserk.utf8).write(
            to: URL(fileURLWithPath: folder).appendingPathComponent("paseto.public")
        )
    }

    /// The routes: health and metrics in the open, `/me` behind the bearer middleware, and the token exchange.
    func router() -> Router<GatewayContext> {
        let router = Router(context: GatewayContext.self)
        router.get("health") { _, _ in "ok" }
        router.get("metrics") { _, _ -> Response in
            let counts = dualVerifier.counts
            return jsonResponse(
                .ok,
                [
                    "paseto": .number(JSONNumber(counts.paseto)), "legacyJWT": .number(JSONNumber(counts.legacyJWT)),
                    "refused": .number(JSONNumber(counts.refused)),
                    "exchanged": .number(JSONNumber(counts.exchanged)),
                ]
            )
        }
        router.post("token/exchange") { request, _ -> Response in
            guard let jwt = bearerToken(request) else {
                return unauthorized(
                    TesseraError(.malformedToken, "send the legacy JWT as Authorization: Bearer <token>")
                )
            }
            do throws(TesseraError) {
                let token = try migrator.migrate(jwt)
                return jsonResponse(.ok, ["token": .string(token), "token_type": "PASETO", "expires_in": 300])
            } catch {
                return unauthorized(error)
            }
        }
        router.group("me").add(middleware: BearerTokenMiddleware(verifier: dualVerifier)).get {
            _,
            context -> Response in
            guard let verified = context.verified else {
                return unauthorized(TesseraError(.malformedToken, "no verified token"))
            }
            return jsonResponse(
                .ok,
                [
                    "sub": .string(verified.claims.subject ?? ""), "format": .string(verified.format.name),
                    "origin": .string(context.origin == .paseto ? "paseto" : "legacyJWT"),
                ]
            )
        }
        return router
    }
}
