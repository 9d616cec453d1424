#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// How a token format writes and reads ``Claims``: the date format and the accepted forms of `aud`.
///
/// Registered claims are written first, in the order `iss sub aud exp nbf iat jti`, then the custom claims in
/// their own order, as compact JSON. Decoding refuses registered claims of the wrong JSON type instead of guessing.
public struct ClaimsCodec: Sendable, Hashable {
    /// How `exp`, `nbf` and `iat` are written.
    public enum DateFormat: Sendable, Hashable {
        /// RFC 3339 strings (PASETO).
        case rfc3339
        /// NumericDate: seconds since the Unix epoch as a JSON number (JWT, RFC 7519 §2).
        case numericDate
    }

    /// Which forms of `aud` are accepted.
    public enum AudienceFormat: Sendable, Hashable {
        /// A single string (PASETO).
        case string
        /// A string, or an array of strings (JWT, RFC 7519 §4.1.3).
        case stringOrArray
    }

    /// The date format.
    public let dateFormat: DateFormat
    /// The accepted forms of `aud`.
    public let audienceFormat: AudienceFormat

    /// Creates a codec.
    ///
    /// - Parameters:
    ///   - dateFormat: How dates are written.
    ///   - audienceFormat: Which forms of `aud` are accepted.
    public init(dateFormat: DateFormat, audienceFormat: AudienceFormat) {
        self.dateFormat = dateFormat
        self.audienceFormat = audienceFormat
    }

    /// PASETO's claims: RFC 3339 dates, `aud` a string.
    public static let paseto = ClaimsCodec(dateFormat: .rfc3339, audienceFormat: .string)

    /// JWT's claims: NumericDate numbers, `aud` a string or an array.
    public static let jwt = ClaimsCodec(dateFormat: .numericDate, audienceFormat: .stringOrArray)

    /// Writes claims as compact JSON.
    ///
    /// - Parameter claims: The claims.
    /// - Returns: The JSON payload.
    /// - Throws: ``TesseraError/Code/invalidClaim`` for a registered name among the custom claims, an audience this
    ///   format cannot express, or a date out of range.
    public func encode(_ claims: Claims) throws(TesseraError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128 + claims.custom.count * 32)
        output.append(UInt8(ascii: "{"))
        var first = true
        func member(_ name: String, _ value: JSONValue) {
            JSONWriter.writeMember(name, value, first: first, into: &output)
            first = false
        }
        if let issuer = claims.issuer { member("iss", .string(issuer)) }
        if let subject = claims.subject { member("sub", .string(subject)) }
        if let audience = claims.audience { member("aud", try encode(audience)) }
        if let expiration = claims.expiration { member("exp", try encode(expiration)) }
        if let notBefore = claims.notBefore { member("nbf", try encode(notBefore)) }
        if let issuedAt = claims.issuedAt { member("iat", try encode(issuedAt)) }
        if let tokenID = claims.tokenID { member("jti", .string(tokenID)) }
        for custom in claims.custom {
            guard Claims.Registered(name: custom.name) == nil else {
                throw TesseraError(.invalidClaim, "\"\(custom.name)\" is a registered claim; set it with its property")
            }
            member(custom.name, custom.value)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// Parses and decodes a JSON payload.
    ///
    /// - Parameters:
    ///   - payload: The payload bytes.
    ///   - limits: Bounds for the JSON parser.
    /// - Returns: The claims.
    /// - Throws: JSON errors from ``JSONParser``, or ``TesseraError/Code/invalidClaim``.
    public func decode(_ payload: some Collection<UInt8>, limits: JSONLimits = .payload) throws(TesseraError) -> Claims
    {
        guard case .object(let object) = try JSONParser(limits: limits).parse(payload) else {
            throw TesseraError(.invalidJSON, "the payload must be a JSON object")
        }
        return try decode(object)
    }

    /// Decodes claims from a JSON object.
    ///
    /// - Parameter object: The payload object.
    /// - Returns: The claims.
    /// - Throws: ``TesseraError/Code/invalidClaim`` for a registered claim of the wrong type or format.
    public func decode(_ object: JSONObject) throws(TesseraError) -> Claims {
        var claims = Claims()
        var custom: [JSONObject.Member] = []
        for member in object {
            switch Claims.Registered(name: member.name) {
            case .issuer: claims.issuer = try string(member)
            case .subject: claims.subject = try string(member)
            case .tokenID: claims.tokenID = try string(member)
            case .audience: claims.audience = try audience(member)
            case .expiration: claims.expiration = try date(member)
            case .notBefore: claims.notBefore = try date(member)
            case .issuedAt: claims.issuedAt = try date(member)
            case nil: custom.append(member)
            }
        }
        claims.custom = JSONObject(uniqueMembers: custom)
        return claims
    }

    /// Decodes a date claim's JSON value in this codec's format.
    ///
    /// - Parameters:
    ///   - value: The JSON value.
    ///   - name: The claim's name, for the error message.
    /// - Returns: The instant.
    /// - Throws: ``TesseraError/Code/invalidClaim`` when the value has the wrong type or is out of range.
    public func date(from value: JSONValue, name: String) throws(TesseraError) -> Date {
        switch (dateFormat, value) {
        case (.rfc3339, .string(let text)):
            return try RFC3339.date(from: text)
        case (.numericDate, .number(let number)):
            guard let seconds = number.doubleValue, RFC3339.representableSeconds.contains(seconds) else {
                throw TesseraError(.invalidClaim, "\"\(name)\" is not a NumericDate between the years 0000 and 9999")
            }
            return Date(timeIntervalSince1970: seconds)
        case (.rfc3339, _):
            throw TesseraError(.invalidClaim, "\"\(name)\" must be an RFC 3339 date-time string, not \(kind(value))")
        case (.numericDate, _):
            throw TesseraError(.invalidClaim, "\"\(name)\" must be a NumericDate (a JSON number), not \(kind(value))")
        }
    }

    private func encode(_ date: Date) throws(TesseraError) -> JSONValue {
        switch dateFormat {
        case .rfc3339:
            return .string(try RFC3339.string(from: date))
        case .numericDate:
            let seconds = date.timeIntervalSince1970.rounded(.down)
            guard RFC3339.representableSeconds.contains(seconds) else {
                throw TesseraError(.invalidClaim, "date \(date) is outside the years 0000-9999")
            }
            return .number(JSONNumber(Int(seconds)))
        }
    }

    private func encode(_ audience: Audience) throws(TesseraError) -> JSONValue {
        switch (audienceFormat, audience.values.count) {
        case (.string, 1), (.stringOrArray, 1): return .string(audience.values[0])
        case (.string, _):
            throw TesseraError(
                .invalidClaim,
                "this format's \"aud\" is a single string; \(audience.values.count) given"
            )
        case (.stringOrArray, _): return .array(audience.values.map(JSONValue.string))  // including `[]`
        }
    }

    private func string(_ member: JSONObject.Member) throws(TesseraError) -> String {
        guard case .string(let value) = member.value else {
            throw TesseraError(.invalidClaim, "\"\(member.name)\" must be a string, not \(kind(member.value))")
        }
        return value
    }

    private func date(_ member: JSONObject.Member) throws(TesseraError) -> Date {
        try date(from: member.value, name: member.name)
    }

    private func audience(_ member: JSONObject.Member) throws(TesseraError) -> Audience {
        switch (audienceFormat, member.value) {
        case (_, .string(let value)): return Audience(value)
        case (.stringOrArray, .array(let elements)):
            var values: [String] = []
            for element in elements {
                guard case .string(let value) = element else {
                    throw TesseraError(.invalidClaim, "\"aud\" must be an array of strings")
                }
                values.append(value)
            }
            return Audience(values)
        case (.string, _):
            throw TesseraError(.invalidClaim, "\"aud\" must be a string in this format, not \(kind(member.value))")
        case (.stringOrArray, _):
            throw TesseraError(.invalidClaim, "\"aud\" must be a string or an array of strings")
        }
    }

    private func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
