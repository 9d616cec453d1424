import Foundation
import TesseraCore
import TesseraPASETO
import TesseraTestSupport
import Testing

/// The README's library snippets, kept compiling and passing.
@Suite("README snippets")
struct ReadmeTests {
    @Test("sign and verify v4.public with claim rules")
    func publicQuickStart() throws {
        let secretKey = try PASETO.V4.Public.SecretKey()
        let issuer = PASETO.V4.Public.Issuer(key: secretKey)
        let token = try issuer.issue(Claims(issuer: "https://auth.example.com", subject: "alice", audience: "api"))

        let verifier = PASETO.V4.Public.Verifier(
            key: secretKey.publicKey,
            rules: try ValidationRules(issuer: "https://auth.example.com", audience: "api", leeway: 30)
        )
        let verified = try verifier.verify(token)
        #expect(verified.claims.subject == "alice")

        var wrongAudience = verifier
        wrongAudience.rules.audience = "web"
        do {
            _ = try wrongAudience.verify(token)
            Issue.record("accepted a token for another audience")
        } catch  where error.code == .expired {
            Issue.record("not expired")
        } catch {
            #expect(error.code == .audienceMismatch)
            #expect("\(error)" == #"audienceMismatch: the token is not for audience "web""#)
        }
    }

    @Test("encrypt and decrypt v4.local with a footer and an implicit assertion")
    func localQuickStart() throws {
        let key = try PASETO.V4.Local.SymmetricKey()
        let token = try PASETO.V4.Local.Issuer(key: key, footer: .keyID, implicitAssertion: Array("tenant-7".utf8))
            .issue(Claims(subject: "alice"))
        let settings = PASETO.VerificationSettings(implicitAssertion: Array("tenant-7".utf8))
        let claims = try PASETO.V4.Local.Verifier(key: key, settings: settings).verify(token).claims
        #expect(claims.subject == "alice")
        #expect(try PASETO.UnverifiedToken(unverified: token).footer == Array(#"{"kid":"\#(key.id)"}"#.utf8))
    }

    @Test("rotate keys with a ring and retire the old one")
    func rotation() throws {
        let oldKey = try PASETO.V4.Public.SecretKey()
        let newKey = try PASETO.V4.Public.SecretKey()
        let claims = Claims(subject: "alice")
        let ring = try PASETO.KeyRing([oldKey.publicKey, newKey.publicKey])
        let verifier = PASETO.V4.Public.Verifier(keys: ring)
        let token = try PASETO.V4.Public.Issuer(key: newKey, footer: .keyID).issue(claims)
        #expect(try verifier.verify(token).keyID == newKey.publicKey.id)
        let oldToken = try PASETO.V4.Public.Issuer(key: oldKey, footer: .keyID).issue(claims)
        let retired = PASETO.V4.Public.Verifier(keys: ring.removing(id: oldKey.publicKey.id))
        #expect(throws: TesseraError(.unknownKeyID, "")) { try retired.verify(oldToken) }
        #expect(try retired.verify(token).claims.subject == "alice")
    }
}
