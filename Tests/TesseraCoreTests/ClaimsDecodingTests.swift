import Foundation
import TesseraCore
import Testing

/// The claims decoder reads a payload member by member (registered claims straight into their properties); these
/// pin the behaviour it must share with parsing the whole object first.
@Suite("Claims decoding member by member")
struct ClaimsDecodingTests {
    private func code(_ json: String, _ codec: ClaimsCodec = .paseto) -> TesseraError.Code? {
        do {
            _ = try codec.decode(Array(json.utf8))
            return nil
        } catch {
            return error.code
        }
    }

    @Test(
        "A repeated registered claim is a duplicate member, whatever its values",
        arguments: [#"{"exp":1,"exp":2}"#, #"{"iss":"a","sub":"b","iss":"a"}"#, #"{"aud":"x","x":1,"aud":"x"}"#]
    )
    func duplicateRegistered(_ json: String) {
        #expect(code(json) == .duplicateJSONMember, "\(json)")
    }

    @Test("A repeated custom claim is a duplicate member, also past the linear-scan size")
    func duplicateCustom() {
        let many = (0..<20).map { #""c\#($0)":\#($0)"# }.joined(separator: ",")
        #expect(code(#"{"a":1,"a":2}"#) == .duplicateJSONMember)
        #expect(code("{\(many),\"c19\":0}") == .duplicateJSONMember)
        #expect(code("{\(many),\"c20\":0}") == nil)
    }

    @Test(
        "Every JSON error wins over a claim error",
        arguments: [#"{"iss":5,"#, #"{"exp":"soon","x":tru}"#, #"{"iss":5,"iss":6}"#, #"{"iss":5} x"#]
    )
    func jsonErrorsFirst(_ json: String) {
        #expect(code(json) != .invalidClaim, "\(json)")
        #expect(code(json) != nil, "\(json)")
    }

    @Test("The first claim error in document order is the one reported")
    func firstClaimError() throws {
        let error = #expect(throws: TesseraError.self) {
            try ClaimsCodec.paseto.decode(Array(#"{"sub":5,"iss":6}"#.utf8))
        }
        #expect(error?.code == .invalidClaim)
        #expect(error?.reason.contains("\"sub\"") == true)
    }

    @Test("An escaped or a non-ASCII date string reads as parsing the whole object reads it")
    func escapedDates() throws {
        let plain = try ClaimsCodec.paseto.decode(Array(#"{"exp":"2039-01-01T00:00:00Z"}"#.utf8))
        let escaped = try ClaimsCodec.paseto.decode(Array(#"{"exp":"2039-01-01T00:00:00\u005A"}"#.utf8))
        #expect(plain.expiration == Date(timeIntervalSince1970: 2_177_452_800))
        #expect(escaped.expiration == plain.expiration)
        #expect(code(#"{"exp":"2039-01-01T00:00:00Zé"}"#) == .invalidClaim)
        #expect(code(#"{"exp":"2039-01-01T00:00:00+25:00"}"#) == .invalidClaim)
    }

    @Test("Arrays, other collections and a parsed object decode to the same claims")
    func sameClaimsEveryWay() throws {
        let json =
            Array(
                #"{"iss":"i","sub":"s","aud":"a","exp":"2039-01-01T00:00:00Z","nbf":"2038-01-01T00:00:00Z","#.utf8
            ) + Array(#""iat":"2037-01-01T00:00:00.5Z","jti":"j","scope":"read","n":[1,{"k":null}]}"#.utf8)
        let fromArray = try ClaimsCodec.paseto.decode(json)
        let fromSlice = try ClaimsCodec.paseto.decode(json[...])
        let fromObject = try ClaimsCodec.paseto.decode(JSONParser().parseObject(json))
        #expect(fromArray == fromSlice)
        #expect(fromArray == fromObject)
        #expect(fromArray.custom.members.map(\.name) == ["scope", "n"])
        #expect(fromArray.issuedAt?.timeIntervalSince1970 == 2_114_380_800.5)
    }

    @Test("A payload that is not an object reports what parsing the whole document reports")
    func notAnObject() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        #expect(code("[1]") == .invalidJSON)
        #expect(code(deep) == .jsonTooDeep)
        #expect(code("  ") == .invalidJSON)
    }

    @Test("NumericDate integers and decimals read as before", arguments: ["1900000000", "1900000000.0", "19e8"])
    func numericDates(_ number: String) throws {
        let claims = try ClaimsCodec.jwt.decode(Array(#"{"exp":\#(number)}"#.utf8))
        #expect(claims.expiration == Date(timeIntervalSince1970: 1_900_000_000))
    }

    @Test("One audience and a one-element audience array are equal and hash alike")
    func audienceStorage() {
        var one = Audience("api")
        let array = Audience(["api"])
        #expect(one == array)
        #expect(one.hashValue == array.hashValue)
        #expect(one.values == ["api"])
        one.values.append("web")
        #expect(one == Audience(["api", "web"]))
        #expect(one.contains("web") && !one.contains("API"))
    }

    @Test("An RFC 3339 offset cannot carry an instant past the years 0000 to 9999")
    func parsingEdges() throws {
        for outside in [
            "0000-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00", "9999-12-31T23:59:59.5-00:01",
            "9999-12-31T23:59:59.99999Z", "9999-12-31T23:59:59.9999999999999999999999Z",
        ] {
            #expect(throws: TesseraError(.invalidClaim, "")) { try RFC3339.date(from: outside) }
        }
        #expect(try RFC3339.date(from: "0000-01-01T00:00:00-01:00").timeIntervalSince1970 == -62_167_215_600)
        #expect(try RFC3339.date(from: "9999-12-31T23:59:59+01:00").timeIntervalSince1970 == 253_402_297_199)
        #expect(try RFC3339.date(from: "9999-12-31T23:59:59.9999Z").timeIntervalSince1970 < 253_402_300_800)
    }

    @Test(
        "RFC 3339 formatting at the edges of the representable years",
        arguments: [
            (-62_167_219_200.0, "0000-01-01T00:00:00Z"), (253_402_300_799.0, "9999-12-31T23:59:59Z"),
            (-0.5, "1969-12-31T23:59:59Z"), (951_782_400.0, "2000-02-29T00:00:00Z"),
        ]
    )
    func formatting(_ seconds: Double, _ text: String) throws {
        #expect(try RFC3339.string(from: Date(timeIntervalSince1970: seconds)) == text)
        var claims = Claims()
        claims.expiration = Date(timeIntervalSince1970: seconds)
        #expect(try ClaimsCodec.paseto.encode(claims) == Array(#"{"exp":"\#(text)"}"#.utf8))
    }
}
