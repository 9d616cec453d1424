import Foundation
import TesseraCore
import TesseraTestSupport
import Testing

/// Regression tests for issue 7, part A, in the core: each failed before its fix.
@Suite("Hardening: core")
struct CoreHardeningTests {
    let now = Date(timeIntervalSince1970: 1_000_000)
    /// "api.Key" spelled with U+212A KELVIN SIGN, canonically equivalent to "K" but another byte sequence.
    let kelvin = "api.\u{212A}ey"
    /// "café" in NFC and in NFD.
    let nfc = "caf\u{E9}"
    let nfd = "cafe\u{301}"

    func claims(issuer: String = "https://issuer", subject: String = "alice", audience: Audience = "api") -> Claims {
        Claims(issuer: issuer, subject: subject, audience: audience, expiration: now.addingTimeInterval(60))
    }

    func code(_ rules: ValidationRules, _ claims: Claims) -> TesseraError.Code? {
        do {
            try rules.validate(claims, now: now)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("A2: iss, sub and aud are compared byte for byte, never by Unicode canonical equivalence")
    func claimsCompareBytes() {
        #expect(kelvin == "api.Key", "the premise: Swift String == applies canonical equivalence")
        #expect(code(ValidationRules(issuer: "api.Key"), claims(issuer: kelvin)) == .issuerMismatch)
        #expect(code(ValidationRules(issuer: nfc), claims(issuer: nfd)) == .issuerMismatch)
        #expect(code(ValidationRules(subject: nfc), claims(subject: nfd)) == .subjectMismatch)
        #expect(code(ValidationRules(audience: "api.Key"), claims(audience: Audience(kelvin))) == .audienceMismatch)
        #expect(code(ValidationRules(audience: nfd), claims(audience: [nfc, "other"])) == .audienceMismatch)
        #expect(!Audience(nfc).contains(nfd))
        #expect(
            code(
                ValidationRules(issuer: nfc, audience: nfd, subject: "alice"),
                claims(issuer: nfc, audience: Audience(nfd))
            ) == nil
        )
    }

    @Test("A2: JSON member names are distinct when their bytes differ, and looked up by bytes")
    func jsonNamesCompareBytes() throws {
        let object = try JSONParser().parseObject(Array("{\"\(nfc)\":1,\"\(nfd)\":2}".utf8))
        #expect(object.count == 2)
        #expect(object[nfc] == 1)
        #expect(object[nfd] == 2)
        let single = try JSONParser().parseObject(Array("{\"\(nfc)\":1}".utf8))
        #expect(single[nfd] == nil)
        #expect(JSONValue.string(nfc) != JSONValue.string(nfd))
        // Past the linear-scan threshold the parser switches to a hashed set; it must stay byte-exact too.
        let many = (0..<20).map { "\"m\($0)\":0" }.joined(separator: ",")
        let large = try JSONParser().parseObject(Array("{\(many),\"\(nfc)\":1,\"\(nfd)\":2}".utf8))
        #expect(large.count == 22)
        #expect(
            errorCode { try JSONParser().parseObject(Array("{\(many),\"\(nfc)\":1,\"\(nfc)\":2}".utf8)) }
                == .duplicateJSONMember
        )
    }

    @Test("A2: required claims and registered names are matched by bytes")
    func requiredClaimsCompareBytes() throws {
        var claims = claims()
        claims.custom[nfc] = true
        #expect(code(ValidationRules(requiredClaims: [nfd]), claims) == .missingClaim)
        #expect(code(ValidationRules(requiredClaims: [nfc]), claims) == nil)
    }

    @Test("A6: reasons built from input have control and non-printing characters escaped")
    func reasonsAreEscaped() {
        let hostile = "a\nrejected: forged [none]\u{1B}[2J\u{202E}\u{0}"
        let json =
            "{\"\(hostile.unicodeScalars.map { $0.value < 0x20 ? String(format: "\\u%04x", $0.value) : String($0) }.joined())\":1,"
            + "\"\(hostile.unicodeScalars.map { $0.value < 0x20 ? String(format: "\\u%04x", $0.value) : String($0) }.joined())\":2}"
        var reason = ""
        do {
            _ = try JSONParser().parseObject(Array(json.utf8))
        } catch {
            reason = error.reason
            #expect(error.code == .duplicateJSONMember)
        }
        #expect(!reason.isEmpty)
        #expect(reason.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\u{202E}" })
        #expect(reason.contains("\\n"), "the newline is shown escaped: \(reason)")
        #expect(TesseraError(.malformedToken, "x\r\ny\u{85}z\u{2028}").reason == "x\\r\\ny\\u{85}z\\u{2028}")
        #expect(TesseraError(.malformedToken, "plain text stays as it is").reason == "plain text stays as it is")
    }

    @Test("A4: non-finite or negative durations are refused where they are set")
    func durationsAreChecked() throws {
        for bad in [Double.nan, .infinity, -.infinity, -1, 1e300] {
            #expect(errorCode { try ValidationRules(leeway: bad) } == .invalidConfiguration, "leeway \(bad)")
            #expect(errorCode { try ValidationRules(maximumAge: bad) } == .invalidConfiguration, "maximumAge \(bad)")
            var rules = ValidationRules()
            #expect(errorCode { try rules.setLeeway(bad) } == .invalidConfiguration)
            #expect(errorCode { try rules.setMaximumAge(bad) } == .invalidConfiguration)
            #expect(rules.leeway == 0 && rules.maximumAge == nil, "a refused value leaves the rules as they were")
        }
        // The checks stay on with the largest accepted values.
        let rules = try ValidationRules(leeway: 3600, maximumAge: 86_400)
        #expect(code(rules, Claims(expiration: now.addingTimeInterval(-3601))) == .expired)
    }

    @Test("A4: limits near Int.max never trap; depth beyond the parser's ceiling is refused, not recursed")
    func absurdLimitsSaturate() throws {
        #expect(Base64URL.encodedLength(of: Int.max) == Int.max)
        #expect(Base64URL.encodedLength(of: Int.max / 2) == Int.max)
        let huge = JSONLimits(maxBytes: Int.max, maxDepth: Int.max, maxMembers: Int.max)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(errorCode { try JSONParser(limits: huge).parse(Array(deep.utf8)) } == .jsonTooDeep)
        #expect(try JSONParser(limits: huge).parseObject(Array("{\"a\":1}".utf8)).count == 1)
    }

    @Test("A9: the default payload depth accepts a claim tree 127 levels under the root, as serde_json does")
    func defaultDepth() throws {
        func nested(_ levels: Int) -> [UInt8] {
            Array(
                ("{\"c\":" + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "}").utf8
            )
        }
        #expect(try JSONParser().parseObject(nested(32)).count == 1)
        #expect(try JSONParser().parseObject(nested(127)).count == 1)
        #expect(errorCode { try JSONParser().parseObject(nested(128)) } == .jsonTooDeep)
        #expect(JSONLimits.payload.maxDepth == 128)
    }

    @Test("A10: \"aud\": [] is read back as written, and matches no audience rule")
    func emptyAudienceRoundTrips() throws {
        let claims = Claims(audience: Audience([]), expiration: now.addingTimeInterval(60))
        let decoded = try ClaimsCodec.jwt.decode(ClaimsCodec.jwt.encode(claims))
        #expect(decoded.audience?.values == [])
        #expect(code(ValidationRules(audience: "api"), decoded) == .audienceMismatch)
        #expect(code(ValidationRules(), decoded) == nil)
    }

    @Test("A10: NumericDate spans exactly the years 0000 to 9999")
    func numericDateBounds() throws {
        let year0 = -62_167_219_200
        #expect(
            try ClaimsCodec.jwt.decode(Array("{\"exp\":\(year0)}".utf8)).expiration?.timeIntervalSince1970
                == Double(year0)
        )
        #expect(errorCode { try ClaimsCodec.jwt.decode(Array("{\"exp\":\(year0 - 1)}".utf8)) } == .invalidClaim)
        #expect(errorCode { try ClaimsCodec.jwt.decode(Array("{\"exp\":-253402300799}".utf8)) } == .invalidClaim)
        #expect(errorCode { try ClaimsCodec.jwt.decode(Array("{\"exp\":253402300800}".utf8)) } == .invalidClaim)
        #expect(
            errorCode { try ClaimsCodec.jwt.encode(Claims(expiration: Date(timeIntervalSince1970: Double(year0 - 1)))) }
                == .invalidClaim
        )
    }

    struct Session: Codable, Equatable {
        var started: Date
        var device: String
    }

    @Test("A10: Codable custom claims with Date round-trip through both date formats")
    func codableDatesRoundTrip() throws {
        let session = Session(started: Date(timeIntervalSince1970: 1_700_000_000), device: "phone")
        for codec in [ClaimsCodec.jwt, ClaimsCodec.paseto] {
            var claims = Claims(expiration: now.addingTimeInterval(60))
            try claims.addCustom(session)
            let payload = try codec.encode(claims)
            let token = VerifiedToken(
                format: TokenFormat("test"),
                claims: try codec.decode(payload),
                payload: payload,
                footer: [],
                keyID: nil,
                dateFormat: codec.dateFormat
            )
            #expect(try token.decode(Session.self) == session, "\(codec.dateFormat)")
        }
    }

    @Test("review L4/L5: Claims, Audience and members compare bytes; escapes are one-to-one and cuts count scalars")
    func equalityAndEscapes() {
        #expect(Claims(issuer: kelvin) != Claims(issuer: "api.Key"))
        #expect(Claims(subject: nfc) != Claims(subject: nfd))
        #expect(Audience(kelvin) != Audience("api.Key"))
        #expect(Claims(issuer: "x", audience: ["a", "b"]) == Claims(issuer: "x", audience: ["a", "b"]))
        #expect(TesseraError(.malformedToken, #"a\u{1B}b"#).reason == #"a\\u{1B}b"#)
        #expect(TesseraError(.malformedToken, "a\u{1B}b").reason == #"a\u{1B}b"#)
        let marks = "e" + String(repeating: "\u{301}", count: 10_000)
        #expect(TesseraError(.malformedToken, TesseraError.quoted(marks)).reason.unicodeScalars.count < 80)
    }
}
