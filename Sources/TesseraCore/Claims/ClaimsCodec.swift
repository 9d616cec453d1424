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
        func member(_ name: String, _ date: Date) throws(TesseraError) {
            guard dateFormat == .rfc3339 else { return member(name, try numericDate(date)) }
            // RFC 3339 text never needs escaping: it goes straight into the payload without becoming a `String`.
            if !first { output.append(UInt8(ascii: ",")) }
            JSONWriter.writeString(name, into: &output)
            output.append(contentsOf: #":""#.utf8)
            try RFC3339.append(date, to: &output)
            output.append(UInt8(ascii: "\""))
            first = false
        }
        if let issuer = claims.issuer { member("iss", .string(issuer)) }
        if let subject = claims.subject { member("sub", .string(subject)) }
        if let audience = claims.audience { member("aud", try encode(audience)) }
        if let expiration = claims.expiration { try member("exp", expiration) }
        if let notBefore = claims.notBefore { try member("nbf", notBefore) }
        if let issuedAt = claims.issuedAt { try member("iat", issuedAt) }
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
        try decodeMembers(of: payload, limits: limits)
    }

    /// Parses and decodes a JSON payload held in an array, as verifiers hold it (no generic dispatch per call).
    ///
    /// - Parameters:
    ///   - payload: The payload bytes.
    ///   - limits: Bounds for the JSON parser.
    /// - Returns: The claims.
    /// - Throws: JSON errors from ``JSONParser``, or ``TesseraError/Code/invalidClaim``.
    public func decode(_ payload: [UInt8], limits: JSONLimits = .payload) throws(TesseraError) -> Claims {
        try decodeMembers(of: payload, limits: limits)
    }

    private func decodeMembers(of payload: some Collection<UInt8>, limits: JSONLimits) throws(TesseraError) -> Claims {
        // Member by member: a registered claim goes straight to its typed property (an RFC 3339 date without first
        // becoming a `String`), so a verified token builds no intermediate JSON object. As when a whole object is
        // parsed first, every JSON error wins over a claim error, and the first claim in document order reports.
        var claims = Claims()
        var custom: [JSONObject.Member] = []
        var seen: UInt8 = 0
        var names = UniqueNames()
        var claimError: TesseraError?
        var current: Claims.Registered?  // the member being read, recognised once in `check`
        var name = ""  // its name, when it is a custom claim
        let isObject = try JSONParser(limits: limits).parseMembers(payload) { member throws(TesseraError) in
            current = member.plain.flatMap(Claims.Registered.init(utf8:)) ?? Claims.Registered(name: member.string)
            if let registered = current {
                guard seen & registered.bit == 0 else {
                    throw TesseraError(
                        .duplicateJSONMember,
                        "JSON object names member \(TesseraError.quoted(member.string)) twice"
                    )
                }
                seen |= registered.bit
            } else {
                name = member.string
                try names.insert(name, among: custom)
            }
        } read: { reader throws(TesseraError) in
            guard let registered = current else {
                custom.append(JSONObject.Member(name: name, value: try reader.value(depth: 1)))
                return
            }
            if dateFormat == .rfc3339, registered.isDate, let text = reader.plainASCIIString() {
                do throws(TesseraError) {
                    let date = try RFC3339.date(fromASCII: text)
                    switch registered {
                    case .expiration: claims.expiration = date
                    case .notBefore: claims.notBefore = date
                    default: claims.issuedAt = date
                    }
                } catch {
                    if claimError == nil { claimError = error }
                }
                return
            }
            let member = JSONObject.Member(name: registered.name, value: try reader.value(depth: 1))
            do throws(TesseraError) {
                try set(registered, from: member, in: &claims)
            } catch {
                if claimError == nil { claimError = error }
            }
        }
        guard isObject else {
            // Not an object: parse the whole document so that malformed JSON reports what is wrong with it.
            _ = try JSONParser(limits: limits).parse(payload)
            throw TesseraError(.invalidJSON, "the payload must be a JSON object")
        }
        if let claimError { throw claimError }
        claims.custom = JSONObject(uniqueMembers: custom)
        return claims
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
            if let registered = Claims.Registered(name: member.name) {
                try set(registered, from: member, in: &claims)
            } else {
                custom.append(member)
            }
        }
        claims.custom = JSONObject(uniqueMembers: custom)
        return claims
    }

    /// Sets the registered claim `registered` from its JSON member, refusing a value of the wrong type.
    private func set(
        _ registered: Claims.Registered,
        from member: JSONObject.Member,
        in claims: inout Claims
    ) throws(TesseraError) {
        switch registered {
        case .issuer: claims.issuer = try string(member)
        case .subject: claims.subject = try string(member)
        case .tokenID: claims.tokenID = try string(member)
        case .audience: claims.audience = try audience(member)
        case .expiration: claims.expiration = try date(member)
        case .notBefore: claims.notBefore = try date(member)
        case .issuedAt: claims.issuedAt = try date(member)
        }
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
            // Integer seconds, the usual form, without a round trip through `strtod`; exact in the representable range.
            guard let seconds = number.int64Value.map(Double.init) ?? number.doubleValue,
                RFC3339.representableSeconds.contains(seconds)
            else {
                throw TesseraError(.invalidClaim, "\"\(name)\" is not a NumericDate between the years 0000 and 9999")
            }
            return Date(timeIntervalSince1970: seconds)
        case (.rfc3339, _):
            throw TesseraError(.invalidClaim, "\"\(name)\" must be an RFC 3339 date-time string, not \(kind(value))")
        case (.numericDate, _):
            throw TesseraError(.invalidClaim, "\"\(name)\" must be a NumericDate (a JSON number), not \(kind(value))")
        }
    }

    /// A date as a NumericDate: whole seconds since the Unix epoch, rounded toward the past.
    private func numericDate(_ date: Date) throws(TesseraError) -> JSONValue {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard RFC3339.representableSeconds.contains(seconds) else {
            throw TesseraError(.invalidClaim, "date \(date) is outside the years 0000-9999")
        }
        return .number(JSONNumber(Int(seconds)))
    }

    private func encode(_ audience: Audience) throws(TesseraError) -> JSONValue {
        if let single = audience.single { return .string(single) }
        guard audienceFormat == .stringOrArray else {
            throw TesseraError(
                .invalidClaim,
                "this format's \"aud\" is a single string; \(audience.values.count) given"
            )
        }
        return .array(audience.values.map(JSONValue.string))  // including `[]`
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

extension Claims.Registered {
    /// The claim's bit in a set of registered claims kept as one byte.
    fileprivate var bit: UInt8 {
        switch self {
        case .issuer: 1
        case .subject: 2
        case .audience: 4
        case .expiration: 8
        case .notBefore: 16
        case .issuedAt: 32
        case .tokenID: 64
        }
    }
}
