import Foundation
import TesseraCore
import TesseraPASETO
import TesseraTestSupport
import Testing

@Suite("v4.local tokens")
struct V4LocalTests {
    let key: PASETO.V4.Local.SymmetricKey
    let issuer: PASETO.V4.Local.Issuer
    let verifier: PASETO.V4.Local.Verifier

    init() throws {
        key = try PASETO.V4.Local.SymmetricKey()
        issuer = PASETO.V4.Local.Issuer(key: key, defaults: Fixed.defaults)
        verifier = PASETO.V4.Local.Verifier(key: key, rules: Fixed.rules)
    }

    @Test("claims round-trip and the default exp is one hour after iat")
    func roundTrip() throws {
        var claims = Claims(issuer: "tessera", subject: "alice", audience: "api", tokenID: "1")
        claims.custom["scope"] = "read"
        let token = try issuer.issue(claims)
        #expect(token.hasPrefix("v4.local."))
        let verified = try verifier.verify(token)
        #expect(verified.format == .pasetoV4Local)
        #expect(verified.claims.subject == "alice")
        #expect(verified.claims.custom["scope"] == "read")
        #expect(verified.claims.issuedAt == Fixed.now)
        #expect(verified.claims.expiration == Fixed.now.addingTimeInterval(3600))
        #expect(verified.footer.isEmpty)
    }

    @Test("two encryptions of the same claims differ (random nonce)")
    func randomNonce() throws {
        let claims = Claims(subject: "alice")
        #expect(try issuer.issue(claims) != issuer.issue(claims))
    }

    @Test("a token under another key fails authentication")
    func wrongKey() throws {
        let token = try issuer.issue(Claims())
        let other = PASETO.V4.Local.Verifier(key: try PASETO.V4.Local.SymmetricKey(), rules: Fixed.rules)
        #expect(errorCode { try other.verify(token) } == .authenticationFailed)
    }

    @Test(
        "headers other than v4.local. are refused before any crypto",
        arguments: [
            "v3.local.", "v4.public.", "v2.local.", "V4.local.", "v4.locals.", "v4.local", "", "v4..",
        ]
    )
    func wrongHeaders(_ header: String) throws {
        let token = try issuer.issue(Claims())
        let forged = header + token.dropFirst("v4.local.".count)
        #expect(errorCode { try verifier.verify(forged) } == .wrongHeader)
    }

    @Test("the wrong-header error names both headers and never the token")
    func wrongHeaderMessage() throws {
        let token = try issuer.issue(Claims())
        let forged = "v3.local." + token.dropFirst("v4.local.".count)
        do {
            _ = try verifier.verify(forged)
            Issue.record("accepted")
        } catch {
            #expect(error.reason == "token header is v3.local; this key is v4.local")
        }
    }

    @Test("structural damage is malformedToken or invalidBase64URL")
    func structure() throws {
        let token = try issuer.issue(Claims())
        #expect(errorCode { try verifier.verify(token + ".") } == .malformedToken)
        #expect(errorCode { try verifier.verify(token + ".e30.e30") } == .malformedToken)
        #expect(errorCode { try verifier.verify("v4.local.") } == .malformedToken)
        #expect(errorCode { try verifier.verify("v4.local..e30") } == .malformedToken)
        #expect(
            errorCode { try verifier.verify("v4.local." + Base64URL.encode([UInt8](repeating: 0, count: 64))) }
                == .malformedToken
        )
        #expect(errorCode { try verifier.verify(token + "=") } == .invalidBase64URL)
        // A standard-alphabet character anywhere in the body (not only where the token happened to have a '-').
        #expect(
            errorCode { try verifier.verify(String(token.prefix(20)) + "+" + token.dropFirst(21)) } == .invalidBase64URL
        )
    }

    @Test("footer: written, authenticated, and compared when expected")
    func footer() throws {
        let footed = PASETO.V4.Local.Issuer(key: key, footer: .bytes(Array("hello".utf8)), defaults: Fixed.defaults)
        let token = try footed.issue(Claims())
        #expect(try verifier.verify(token).footer == Array("hello".utf8))
        var expecting = verifier
        expecting.settings.expectedFooter = Array("hello".utf8)
        #expect(throws: Never.self) { try expecting.verify(token) }
        expecting.settings.expectedFooter = Array("hellp".utf8)
        #expect(errorCode { try expecting.verify(token) } == .footerMismatch)
        expecting.settings.expectedFooter = []
        #expect(errorCode { try expecting.verify(token) } == .footerMismatch)
        let swapped =
            token.split(separator: ".").prefix(3).joined(separator: ".") + "." + Base64URL.encode(Array("hellp".utf8))
        #expect(errorCode { try verifier.verify(swapped) } == .authenticationFailed)
    }

    @Test("implicit assertions must match")
    func implicitAssertion() throws {
        let bound = PASETO.V4.Local.Issuer(
            key: key,
            implicitAssertion: Array("tenant-1".utf8),
            defaults: Fixed.defaults
        )
        let token = try bound.issue(Claims())
        #expect(errorCode { try verifier.verify(token) } == .authenticationFailed)
        var matching = verifier
        matching.settings.implicitAssertion = Array("tenant-1".utf8)
        #expect(errorCode { try matching.verify(token) } == nil)
        matching.settings.implicitAssertion = Array("tenant-2".utf8)
        #expect(errorCode { try matching.verify(token) } == .authenticationFailed)
    }

    @Test(
        "payloads that are not a unique-member JSON object are refused after decryption",
        arguments: [
            #"{"a":1,"a":2}"#, "[1,2]", #""string""#, "42", "not json", #"{"exp":2177452800}"#,
        ]
    )
    func payloadRules(_ payload: String) throws {
        let token = try PASETO.V4.Local.encrypt(Array(payload.utf8), using: key)
        let code = errorCode { try verifier.verify(token) }
        #expect(
            [TesseraError.Code.invalidJSON, .duplicateJSONMember, .invalidClaim].contains(code),
            "\(payload) gave \(String(describing: code))"
        )
    }

    @Test("an oversized token is refused before decoding")
    func oversized() throws {
        let huge = "v4.local." + String(repeating: "A", count: 1_000_000)
        #expect(errorCode { try verifier.verify(huge) } == .jsonTooLarge)
    }

    @Test("a footer over the footer limit is refused before any crypto")
    func footerLimit() throws {
        let token = try PASETO.V4.Local.Issuer(
            key: key,
            footer: .bytes([UInt8](repeating: 0x61, count: 9000)),
            defaults: Fixed.defaults
        )
        .issue(Claims())
        #expect(errorCode { try verifier.verify(token) } == .footerTooLarge)
        var roomy = verifier
        roomy.settings.footerLimits.maxBytes = 10_000
        #expect(errorCode { try roomy.verify(token) } == nil)
    }

    @Test("discontiguous payload bytes (DispatchData) encrypt like contiguous ones")
    func discontiguousInput() throws {
        let first = Array(#"{"exp":"2039-01-01T00:00:00Z","#.utf8)
        let second = Array(#""sub":"alice"}"#.utf8)
        var data = first.withUnsafeBytes { DispatchData(bytes: $0) }
        second.withUnsafeBytes { data.append($0) }
        let token = try PASETO.V4.Local.encrypt(data, using: key)
        #expect(try PASETO.V4.Local.decrypt(token, using: key).payload == first + second)
    }

    @Test("the raw API refuses an empty payload")
    func emptyPayload() throws {
        #expect(errorCode { try PASETO.V4.Local.encrypt([UInt8](), using: key) } == .malformedToken)
    }

    @Test("the key is usable directly as a Token")
    func keyAsToken() throws {
        let token = try key.issue(Claims(subject: "bob"))
        #expect(try key.verify(token).claims.subject == "bob")
    }
}
