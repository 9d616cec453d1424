import Foundation
import TesseraCore
import Testing

@Suite("Claims encoding and RFC 3339 dates")
struct ClaimsCodecTests {
    @Test(
        "RFC 3339 forms the spec allows parse to the same instant",
        arguments: [
            "2039-01-01T00:00:00Z", "2039-01-01T00:00:00+00:00", "2039-01-01T01:30:00+01:30",
            "2038-12-31T19:00:00-05:00",
            "2039-01-01T00:00:00.000Z", "2039-01-01T00:00:00.000000000+00:00",
        ]
    )
    func parsesRFC3339(_ text: String) throws {
        #expect(try RFC3339.date(from: text) == Date(timeIntervalSince1970: 2_177_452_800))
    }

    @Test("fractional seconds are kept when parsing")
    func fractions() throws {
        #expect(try RFC3339.date(from: "2022-01-01T00:00:00.673Z").timeIntervalSince1970 == 1_640_995_200.673)
    }

    @Test(
        "malformed or ambiguous date-times are refused",
        arguments: [
            "2039-01-01", "2039-01-01T00:00:00", "2039-01-01t00:00:00Z", "2039-01-01T00:00:00z", "2039-13-01T00:00:00Z",
            "2039-02-29T00:00:00Z", "2039-01-01T24:00:00Z", "2039-01-01T00:00:00+0000", "2039-01-01T00:00:00.Z",
            "2039-01-01 00:00:00Z", "1e9", "",
        ]
    )
    func refusesMalformed(_ text: String) {
        #expect(throws: TesseraError(.invalidClaim, "")) { try RFC3339.date(from: text) }
    }

    @Test("dates are written in UTC with Z and whole seconds")
    func formats() throws {
        #expect(try RFC3339.string(from: Date(timeIntervalSince1970: 2_177_452_800.9)) == "2039-01-01T00:00:00Z")
        #expect(try RFC3339.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00Z")
        #expect(try RFC3339.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(throws: TesseraError(.invalidClaim, "")) { try RFC3339.string(from: Date(timeIntervalSince1970: 1e12)) }
    }

    @Test("PASETO claims encode in a fixed order and decode back")
    func pasetoRoundTrip() throws {
        var claims = Claims(
            issuer: "iss",
            subject: "sub",
            audience: "aud",
            expiration: Date(timeIntervalSince1970: 2_177_452_800),
            tokenID: "jti"
        )
        claims.custom["scope"] = "read"
        let bytes = try ClaimsCodec.paseto.encode(claims)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"iss":"iss","sub":"sub","aud":"aud","exp":"2039-01-01T00:00:00Z","jti":"jti","scope":"read"}"#
        )
        #expect(try ClaimsCodec.paseto.decode(bytes) == claims)
    }

    @Test("a NumericDate in a PASETO exp is an error, not a date")
    func numericDateInPASETO() {
        #expect(throws: TesseraError(.invalidClaim, "")) {
            try ClaimsCodec.paseto.decode(Array(#"{"exp":2177452800}"#.utf8))
        }
    }

    @Test(
        "registered claims of the wrong type are refused",
        arguments: [
            #"{"sub":42}"#, #"{"iss":null}"#, #"{"aud":["a","b"]}"#, #"{"jti":{}}"#, #"{"nbf":true}"#,
        ]
    )
    func wrongTypes(_ json: String) {
        #expect(throws: TesseraError(.invalidClaim, "")) { try ClaimsCodec.paseto.decode(Array(json.utf8)) }
    }

    @Test("JWT claims use NumericDate and accept aud arrays")
    func jwtForms() throws {
        let claims = try ClaimsCodec.jwt.decode(Array(#"{"aud":["a","b"],"exp":1700000000.5}"#.utf8))
        #expect(claims.audience == ["a", "b"])
        #expect(claims.expiration == Date(timeIntervalSince1970: 1_700_000_000.5))
        #expect(throws: TesseraError(.invalidClaim, "")) {
            try ClaimsCodec.jwt.decode(Array(#"{"exp":"2039-01-01T00:00:00Z"}"#.utf8))
        }
        #expect(throws: TesseraError(.invalidClaim, "")) { try ClaimsCodec.jwt.decode(Array(#"{"exp":1e300}"#.utf8)) }
        #expect(try ClaimsCodec.jwt.decode(Array(#"{"aud":[]}"#.utf8)).audience?.values == [])  // as issuers write it
        let written = try ClaimsCodec.jwt.encode(
            Claims(audience: ["a", "b"], expiration: Date(timeIntervalSince1970: 5))
        )
        #expect(String(decoding: written, as: UTF8.self) == #"{"aud":["a","b"],"exp":5}"#)
    }

    @Test("PASETO refuses to write several audiences and registered names among custom claims")
    func encodeRefusals() {
        #expect(throws: TesseraError(.invalidClaim, "")) {
            try ClaimsCodec.paseto.encode(Claims(audience: ["a", "b"]))
        }
        var claims = Claims()
        claims.custom["exp"] = 1
        #expect(throws: TesseraError(.invalidClaim, "")) { try ClaimsCodec.paseto.encode(claims) }
    }

    struct Profile: Codable, Equatable {
        let role: String
        let since: Date
    }

    @Test("Codable custom claims are added and RFC 3339 dates used")
    func codableCustom() throws {
        var claims = Claims()
        try claims.addCustom(Profile(role: "admin", since: Date(timeIntervalSince1970: 0)))
        #expect(claims.custom["role"] == "admin")
        #expect(claims.custom["since"] == "1970-01-01T00:00:00Z")
        struct Bad: Encodable { let sub = "x" }
        #expect(throws: TesseraError(.invalidClaim, "")) { try claims.addCustom(Bad()) }
    }
}
