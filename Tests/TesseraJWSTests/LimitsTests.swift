import Foundation
import TesseraCore
import TesseraJWS
import TesseraTestSupport
import Testing

/// Issue 7, part D: hostile sizes end in the documented error code, and the size checks come before decoding.
@Suite("Limits: hostile sizes")
struct LimitsTests {
    static let key = try! JWS.HMACKey(algorithm: .hs256, secret: [UInt8](repeating: 1, count: 32))
    static let rules = ValidationRules(requiresExpiration: false)
    static let verifier = JWS.Verifier(key: key, rules: rules)

    /// A compact JWS over `header` and `payload`, both written exactly as given, signed with ``key``.
    static func token(header: String, payload: String) throws -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return input + "." + Base64URL.encode(try key.signature(for: Array(input.utf8)))
    }

    /// A claims object whose member `c` holds `levels` nested arrays: the whole document is `levels + 1` deep.
    static func nested(_ levels: Int) -> String {
        #"{"c":"# + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "}"
    }

    @Test("a 10 MB compact JWS is refused with jsonTooLarge before it is split or decoded")
    func tenMegabyteToken() {
        let size = 10_000_000
        let shaped = "e30." + String(repeating: "A", count: size) + ".AAAA"
        #expect(errorCode { try Self.verifier.verify(shaped) } == .jsonTooLarge)
        #expect(errorCode { try Self.verifier.verifyMessage(shaped) } == .jsonTooLarge)
        // No dots and no base64url at all: splitting or decoding first would give another code.
        let garbage = String(repeating: "!", count: size)
        #expect(errorCode { try Self.verifier.verify(garbage) } == .jsonTooLarge)
        // With the length limit raised, the same token gets as far as its header, which has no alg.
        let roomy = JWS.Verifier(
            key: Self.key,
            rules: Self.rules,
            settings: JWS.VerificationSettings(maximumTokenLength: 2 * size)
        )
        #expect(errorCode { try roomy.verify(shaped) } == .wrongHeader)
        #expect(errorCode { try roomy.verify(garbage) } == .malformedToken)
    }

    @Test("the token length limit is inclusive: 128 KiB passes the size check, one byte more does not")
    func tokenLengthBoundary() {
        let limit = JWS.VerificationSettings().maximumTokenLength
        #expect(limit == 128 * 1024)
        let atLimit = "e30." + String(repeating: "A", count: limit - 9) + ".AAAA"
        #expect(atLimit.utf8.count == limit)
        #expect(errorCode { try Self.verifier.verify(atLimit) } == .wrongHeader)
        let over = "e30." + String(repeating: "A", count: limit - 8) + ".AAAA"
        #expect(errorCode { try Self.verifier.verify(over) } == .jsonTooLarge)
    }

    @Test("a protected header over 8 KiB is refused; one of exactly 8 KiB is accepted")
    func headerSize() throws {
        let limit = JWS.headerLimits.maxBytes
        #expect(limit == 8 * 1024)
        func header(bytes: Int) -> String {
            let prefix = #"{"alg":"HS256","x":""#
            return prefix + String(repeating: "h", count: bytes - prefix.utf8.count - 2) + #""}"#
        }
        #expect(header(bytes: limit).utf8.count == limit)
        let accepted = try Self.token(header: header(bytes: limit), payload: #"{"sub":"alice"}"#)
        #expect(try Self.verifier.verify(accepted).claims.subject == "alice")
        let refused = try Self.token(header: header(bytes: limit + 1), payload: #"{"sub":"alice"}"#)
        #expect(errorCode { try Self.verifier.verify(refused) } == .jsonTooLarge)
    }

    @Test("a protected header nested deeper than 4 levels is refused")
    func headerDepth() throws {
        #expect(JWS.headerLimits.maxDepth == 4)
        let atLimit = try Self.token(header: #"{"alg":"HS256","x":[[[]]]}"#, payload: #"{"sub":"alice"}"#)
        #expect(try Self.verifier.verify(atLimit).claims.subject == "alice")
        let deeper = try Self.token(header: #"{"alg":"HS256","x":[[[[]]]]}"#, payload: #"{"sub":"alice"}"#)
        #expect(errorCode { try Self.verifier.verify(deeper) } == .jsonTooDeep)
    }

    @Test("a signed payload at exactly JSONLimits.payload.maxDepth is accepted; one level deeper is refused")
    func payloadDepth() throws {
        let limit = JSONLimits.payload.maxDepth
        #expect(limit == 128)
        let atLimit = try JWS.sign(Array(Self.nested(limit - 1).utf8), using: Self.key)
        let verified = try Self.verifier.verify(atLimit)
        #expect(verified.claims.custom["c"] != nil)
        let deeper = try JWS.sign(Array(Self.nested(limit).utf8), using: Self.key)
        #expect(errorCode { try Self.verifier.verify(deeper) } == .jsonTooDeep)
    }

    @Test("a raised payload depth still stops at JSONLimits.depthCeiling")
    func payloadDepthCeiling() throws {
        let ceiling = JSONLimits.depthCeiling
        #expect(ceiling == 512)
        var limits = JSONLimits.payload
        limits.maxDepth = 100_000
        let verifier = JWS.Verifier(
            key: Self.key,
            rules: Self.rules,
            settings: JWS.VerificationSettings(payloadLimits: limits)
        )
        let atCeiling = try JWS.sign(Array(Self.nested(ceiling - 1).utf8), using: Self.key)
        #expect(try verifier.verify(atCeiling).claims.custom["c"] != nil)
        let deeper = try JWS.sign(Array(Self.nested(ceiling).utf8), using: Self.key)
        #expect(errorCode { try verifier.verify(deeper) } == .jsonTooDeep)
    }

    @Test("a signed payload one byte over JSONLimits.payload.maxBytes is refused with jsonTooLarge")
    func payloadSize() throws {
        let limit = JSONLimits.payload.maxBytes
        #expect(limit == 64 * 1024)
        func payload(bytes: Int) -> String {
            let prefix = #"{"sub":"alice","p":""#
            return prefix + String(repeating: "p", count: bytes - prefix.utf8.count - 2) + #""}"#
        }
        let atLimit = try JWS.sign(Array(payload(bytes: limit).utf8), using: Self.key)
        #expect(try Self.verifier.verify(atLimit).claims.subject == "alice")
        let over = try JWS.sign(Array(payload(bytes: limit + 1).utf8), using: Self.key)
        #expect(errorCode { try Self.verifier.verify(over) } == .jsonTooLarge)
    }
}
