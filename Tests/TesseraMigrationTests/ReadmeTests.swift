import Foundation
import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO
import Testing

/// The README's migration snippet, kept compiling and passing.
@Suite("README migration snippet")
struct ReadmeMigrationTests {
    @Test("exchange a legacy JWT, then accept both formats until the cut-off")
    func snippet() throws {
        let legacyKey = try JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        let legacyJWKS = String(
            decoding: JSONWriter.bytes(for: ["keys": [.object(try legacyKey.verificationKey.jwk())]]),
            as: UTF8.self
        )
        let legacyJWT = try JWS.Signer(key: legacyKey).issue(
            Claims(issuer: "https://old-auth", subject: "alice", audience: ["api", "web"])
        )
        let cutoffDate = Date().addingTimeInterval(86_400)

        let legacy = JWS.Verifier(
            keys: try JWS.KeySet(jwks: legacyJWKS),
            rules: ValidationRules(issuer: "https://old-auth", audience: "api")
        )
        let pasetoKey = try PASETO.V4.Public.SecretKey()
        let gate = Migration.DualVerifier(
            paseto: PASETO.V4.Public.Verifier(keys: try PASETO.KeyRing([pasetoKey.publicKey])),
            legacy: legacy,
            window: try Migration.Window(jwtCutoff: cutoffDate)
        )
        let migrator = try Migration.Migrator(
            verifier: legacy,
            target: .public(pasetoKey),
            mapping: try Migration.ClaimMapping(
                issuer: "https://auth",
                audiencePolicy: .keepMatching("api"),
                maximumLifetime: 300
            ),
            window: gate.window
        )
        let paseto = try migrator.migrate(legacyJWT)

        for bearerToken in [paseto, legacyJWT] {
            let (verified, origin) = try gate.verifyReportingOrigin(bearerToken)
            #expect(verified.claims.subject == "alice")
            #expect(origin == (bearerToken == paseto ? .paseto : .legacyJWT))
        }
        #expect(gate.counts == Migration.Counts(paseto: 1, legacyJWT: 1, refused: 0, exchanged: 1))
    }
}
