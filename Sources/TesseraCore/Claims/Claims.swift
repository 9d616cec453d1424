#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The claims of a token: the registered ones as typed values, everything else as JSON.
///
/// The same `Claims` go into every backend; each backend writes dates and audiences the way its format requires
/// (RFC 3339 strings for PASETO, NumericDate numbers for JWT).
///
/// ```swift
/// var claims = Claims(subject: "user-42", audience: "api.example.com")
/// claims.custom["scope"] = "read write"
/// ```
public struct Claims: Sendable, Hashable {
    /// The names of the registered claims, which ``custom`` must not use.
    public static let registeredNames: Set<String> = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"]

    /// `iss`: who issued the token.
    public var issuer: String?
    /// `sub`: whom the token is about.
    public var subject: String?
    /// `aud`: whom the token is for.
    public var audience: Audience?
    /// `exp`: the instant after which the token must be refused.
    public var expiration: Date?
    /// `nbf`: the instant before which the token must be refused.
    public var notBefore: Date?
    /// `iat`: the instant the token was issued.
    public var issuedAt: Date?
    /// `jti`: a unique token identifier.
    public var tokenID: String?
    /// Every other claim, in order. Registered names here are refused when the claims are encoded.
    public var custom: JSONObject

    /// Creates claims.
    ///
    /// - Parameters:
    ///   - issuer: `iss`.
    ///   - subject: `sub`.
    ///   - audience: `aud`.
    ///   - expiration: `exp`.
    ///   - notBefore: `nbf`.
    ///   - issuedAt: `iat`.
    ///   - tokenID: `jti`.
    ///   - custom: Other claims.
    public init(
        issuer: String? = nil,
        subject: String? = nil,
        audience: Audience? = nil,
        expiration: Date? = nil,
        notBefore: Date? = nil,
        issuedAt: Date? = nil,
        tokenID: String? = nil,
        custom: JSONObject = JSONObject()
    ) {
        self.issuer = issuer
        self.subject = subject
        self.audience = audience
        self.expiration = expiration
        self.notBefore = notBefore
        self.issuedAt = issuedAt
        self.tokenID = tokenID
        self.custom = custom
    }

    /// Claims are equal when every claim is: strings byte for byte, never by Unicode canonical equivalence.
    public static func == (lhs: Claims, rhs: Claims) -> Bool {
        func same(_ left: String?, _ right: String?) -> Bool {
            switch (left, right) {
            case (nil, nil): true
            case (let left?, let right?): left.hasSameBytes(as: right)
            default: false
            }
        }
        return same(lhs.issuer, rhs.issuer) && same(lhs.subject, rhs.subject) && same(lhs.tokenID, rhs.tokenID)
            && lhs.audience == rhs.audience && lhs.expiration == rhs.expiration && lhs.notBefore == rhs.notBefore
            && lhs.issuedAt == rhs.issuedAt && lhs.custom == rhs.custom
    }

    /// Whether the claim named `name` (registered or custom) is present.
    ///
    /// - Parameter name: A claim name such as `exp` or `scope`.
    /// - Returns: `true` when present.
    public func contains(_ name: String) -> Bool {
        switch Registered(name: name) {
        case .issuer: issuer != nil
        case .subject: subject != nil
        case .audience: audience != nil
        case .expiration: expiration != nil
        case .notBefore: notBefore != nil
        case .issuedAt: issuedAt != nil
        case .tokenID: tokenID != nil
        case nil: custom[name] != nil
        }
    }

    /// The registered claims, recognised by the exact bytes of their names.
    package enum Registered {
        case issuer, subject, audience, expiration, notBefore, issuedAt, tokenID

        /// Whether the claim is an instant (`exp`, `nbf`, `iat`).
        package var isDate: Bool { self == .expiration || self == .notBefore || self == .issuedAt }

        /// The claim's JSON name.
        package var name: String {
            switch self {
            case .issuer: "iss"
            case .subject: "sub"
            case .audience: "aud"
            case .expiration: "exp"
            case .notBefore: "nbf"
            case .issuedAt: "iat"
            case .tokenID: "jti"
            }
        }

        /// The registered claim whose name has exactly these bytes, if any.
        package init?(name: String) {
            var name = name
            guard let registered = name.withUTF8({ Self(utf8: $0) }) else { return nil }
            self = registered
        }

        /// The registered claim whose name has exactly these UTF-8 bytes, if any (the three bytes read as one number,
        /// so a payload's member names are matched without a string comparison each).
        package init?(utf8: UnsafeBufferPointer<UInt8>) {
            guard utf8.count == 3 else { return nil }
            switch UInt32(utf8[0]) << 16 | UInt32(utf8[1]) << 8 | UInt32(utf8[2]) {
            case 0x69_73_73: self = .issuer  // iss
            case 0x73_75_62: self = .subject  // sub
            case 0x61_75_64: self = .audience  // aud
            case 0x65_78_70: self = .expiration  // exp
            case 0x6E_62_66: self = .notBefore  // nbf
            case 0x69_61_74: self = .issuedAt  // iat
            case 0x6A_74_69: self = .tokenID  // jti
            default: return nil
            }
        }
    }

    /// Adds the members of an `Encodable` value (which must encode as a JSON object) to ``custom``.
    ///
    /// - Parameter value: A value whose coded keys become custom claims; it must not use registered names.
    /// - Throws: ``TesseraError/Code/invalidClaim`` when the value does not encode as an object or uses a
    ///   registered name.
    public mutating func addCustom(_ value: some Encodable) throws(TesseraError) {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(try RFC3339.string(from: date))
        }
        let bytes: Data
        do {
            bytes = try encoder.encode(value)
        } catch {
            throw TesseraError(.invalidClaim, "custom claims could not be encoded: \(error)")
        }
        guard case .object(let object) = try JSONParser().parse(bytes) else {
            throw TesseraError(.invalidClaim, "custom claims must encode as a JSON object")
        }
        for member in object {
            guard Registered(name: member.name) == nil else {
                throw TesseraError(.invalidClaim, "\"\(member.name)\" is a registered claim; set it with its property")
            }
            custom[member.name] = member.value
        }
    }
}
