import Foundation
import TesseraCore
import TesseraPASETO
import TesseraTestSupport
import Testing

@Suite("v4.public tokens")
struct V4PublicTests {
    let key: PASETO.V4.Public.SecretKey
    let issuer: PASETO.V4.Public.Issuer
    let verifier: PASETO.V4.Public.Verifier

    init() throws {
        key = try PASETO.V4.Public.SecretKey()
        issuer = PASETO.V4.Public.Issuer(key: key, defaults: Fixed.defaults)
        verifier = PASETO.V4.Public.Verifier(key: key.publicKey, rules: Fixed.rules)
    }

    @Test("claims round-trip and the payload is the exact signed bytes")
    func roundTrip() throws {
        let token = try issuer.issue(Claims(subject: "alice"))
        let verified = try verifier.verify(token)
        #expect(verified.claims.subject == "alice")
        #expect(verified.payload == Array(token.bodyBytes.dropLast(64)))
    }

    @Test("payload bytes survive verbatim: whitespace, escapes and big numbers")
    func verbatimPayload() throws {
        let payload = #"{ "exp" : "2039-01-01T00:00:00Z", "n": 123456789012345678901234567890, "s": "\u00e9" }"#
        let token = try PASETO.V4.Public.sign(Array(payload.utf8), using: key)
        #expect(try verifier.verify(token).payload == Array(payload.utf8))
    }

    @Test("a signature by another key fails")
    func wrongKey() throws {
        let token = try issuer.issue(Claims())
        let other = PASETO.V4.Public.Verifier(key: try PASETO.V4.Public.SecretKey().publicKey, rules: Fixed.rules)
        #expect(errorCode { try other.verify(token) } == .authenticationFailed)
    }

    @Test("a v4.local token is refused by a public verifier and vice versa")
    func purposeConfusion() throws {
        let local = try PASETO.V4.Local.SymmetricKey()
        let localToken = try PASETO.V4.Local.Issuer(key: local, defaults: Fixed.defaults).issue(Claims())
        #expect(errorCode { try verifier.verify(localToken) } == .wrongHeader)
        let publicToken = try issuer.issue(Claims())
        #expect(
            errorCode { try PASETO.V4.Local.Verifier(key: local, rules: Fixed.rules).verify(publicToken) }
                == .wrongHeader
        )
    }

    @Test("expired and not-yet-valid tokens are refused after a valid signature")
    func claimRules() throws {
        let expired = try issuer.issue(Claims(expiration: Fixed.now.addingTimeInterval(-1)))
        #expect(errorCode { try verifier.verify(expired) } == .expired)
        let early = try issuer.issue(Claims(notBefore: Fixed.now.addingTimeInterval(60)))
        #expect(errorCode { try verifier.verify(early) } == .notYetValid)
        var strict = verifier
        strict.rules.audience = "api"
        #expect(errorCode { try strict.verify(try issuer.issue(Claims(audience: "web"))) } == .audienceMismatch)
    }

    @Test("a truncated signature is malformed")
    func truncated() throws {
        let short = "v4.public." + Base64URL.encode([UInt8](repeating: 1, count: 64))
        #expect(errorCode { try verifier.verify(short) } == .malformedToken)
    }

    @Test("Codable payload decoding reads RFC 3339 dates")
    func decodable() throws {
        struct Payload: Decodable {
            let sub: String
            let exp: Date
        }
        let token = try issuer.issue(Claims(subject: "alice"))
        let payload = try verifier.verify(token).decode(Payload.self)
        #expect(payload.sub == "alice")
        #expect(payload.exp == Fixed.now.addingTimeInterval(3600))
    }
}
