import Foundation
import PropertyBased
import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO
import Testing

/// A legacy JWT payload written as JSON text by the test itself, so the expected PASETO claims can be computed
/// without any Tessera code: Foundation's `JSONSerialization` reads both payloads and `ISO8601DateFormatter` writes the
/// expected dates.
struct LegacyPayload: Sendable, CustomStringConvertible {
    var issuer: String?
    var subject: String?
    /// `nil`: no `aud`; otherwise written as a string when `audienceAsString` and one value, else as an array.
    var audiences: [String]?
    var audienceAsString: Bool
    /// Seconds as JSON number text (integers, fractions, negative values).
    var expiration: String
    var notBefore: String?
    var issuedAt: String?
    var tokenID: String?
    /// Custom members as exact JSON text (`"name":value`), names unique and unregistered.
    var custom: [String]

    var json: String {
        var members: [String] = []
        let quoted = Self.quote
        if let issuer { members.append("\"iss\":\(quoted(issuer))") }
        if let subject { members.append("\"sub\":\(quoted(subject))") }
        if let audiences {
            if audienceAsString, audiences.count == 1 {
                members.append("\"aud\":\(quoted(audiences[0]))")
            } else {
                members.append("\"aud\":[\(audiences.map(quoted).joined(separator: ","))]")
            }
        }
        members.append("\"exp\":\(expiration)")
        if let notBefore { members.append("\"nbf\":\(notBefore)") }
        if let issuedAt { members.append("\"iat\":\(issuedAt)") }
        if let tokenID { members.append("\"jti\":\(quoted(tokenID))") }
        members += custom
        return "{" + members.joined(separator: ",") + "}"
    }

    var description: String { json }
}

@Suite("Migration against an independent oracle", .shrinking)
struct MigrationOracleProperties {
    static let now = 1_900_000_000
    static let lifetime = 900
    static let legacyKey = try! JWS.EdDSAPrivateKey.generate()
    static let pasetoKey = try! PASETO.V4.Public.SecretKey()
    static let migrator = try! Migration.Migrator(
        verifier: JWS.Verifier(
            key: legacyKey.verificationKey,
            rules: ValidationRules(clock: .fixed(Date(timeIntervalSince1970: TimeInterval(now))))
        ),
        target: .public(pasetoKey),
        mapping: try! Migration.ClaimMapping(
            audiencePolicy: .keepArray,
            maximumLifetime: TimeInterval(lifetime)
        ),
        window: Migration.Window()
    )

    /// Text from every plane: ASCII with JSON's special characters, Latin, CJK, and astral characters (emoji, maths).
    static let text = Gen.oneOf(
        Gen.character(in: " "..."~").string(of: 0...12),
        Gen.character(in: "\u{00A0}"..."\u{2FFF}").string(of: 0...6),
        Gen.character(in: "\u{1F300}"..."\u{1F6FF}").string(of: 1...4),
        Gen.character(in: "\u{1D400}"..."\u{1D7FF}").string(of: 1...4)
    )

    /// Claim names: anything but the registered seven, including non-BMP and escaped characters.
    static let name = Gen.oneOf(
        Gen.character(in: "a"..."z").string(of: 1...6),
        Gen.character(in: "\u{4E00}"..."\u{4FFF}").string(of: 1...3),
        Gen.character(in: "\u{1F300}"..."\u{1F3FF}").string(of: 1...2)
    )

    /// JSON number texts: integers, negatives, decimals, exponents, integers beyond 64 bits.
    static let numberText = Gen.oneOf(
        Gen<Int64>.value(in: -1_000_000_000...1_000_000_000).map { "\($0)" },
        Gen<Int>.value(in: -9_999...9_999).map { "\($0 / 100).\(abs($0 % 100) + 1)" },
        Gen<Int>.value(in: -300...300).map { "1.5e\($0)" },
        Gen<Int>.value(in: 1...9).map { "-\($0)E+\($0 * 3)" },
        Gen<UInt64>.value().map { "\($0)\($0 % 1000)987654321" }
    )

    /// A custom value's JSON text: numbers, strings (with escapes and astral characters), booleans, null, nesting.
    static let valueText = Gen.oneOf(
        numberText,
        text.map { LegacyPayload.quote($0) },
        Gen.bool().map { $0 ? "true" : "false" },
        Gen<Int>.value(in: 0...2).map { ["null", #""\u00e9\ud83d\ude00\n\"""#, #"[1,{"x":[null,-0.0]}]"#][$0] }
    )

    /// Seconds with a quarter fraction (0 to 3 quarters), as JSON text.
    static func seconds(_ whole: Int64, quarters: Int) -> String {
        quarters % 4 == 0 ? "\(whole)" : "\(whole).\(quarters % 4 * 25)"
    }

    static let payload = zip(
        zip(text.optional, text.optional, text.array(of: 0...3).optional, Gen.bool()),
        zip(
            Gen<Int64>.value(in: Int64(now + 1)...Int64(now + 100_000)),
            Gen<Int64>.value(in: -2_000_000_000...Int64(now - 1)).optional,
            Gen<Int64>.value(in: -2_000_000_000...Int64(now - 1)).optional,
            text.optional,
            Gen<Int>.value(in: 0...63)
        ),
        zip(name, valueText).array(of: 0...6)
    )
    .map { registered, dates, custom in
        var seen = Set<[UInt8]>(["iss", "sub", "aud", "exp", "nbf", "iat", "jti"].map { Array($0.utf8) })
        let members = custom.filter { seen.insert(Array($0.0.utf8)).inserted }
            .map { "\(LegacyPayload.quote($0.0)):\($0.1)" }
        return LegacyPayload(
            issuer: registered.0,
            subject: registered.1,
            audiences: registered.2,
            audienceAsString: registered.3,
            expiration: seconds(dates.0, quarters: dates.4),
            notBefore: dates.1.map { seconds($0, quarters: dates.4 >> 2) },
            issuedAt: dates.2.map { seconds($0, quarters: dates.4 >> 4) },
            tokenID: dates.3,
            custom: members
        )
    }

    /// RFC 3339 in UTC with whole seconds, written by Foundation.
    static func rfc3339(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    static func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func object(_ bytes: some DataProtocol) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(bytes), options: []) as? [String: Any])
    }

    @Test("any valid JWT maps to the claims the oracle computes from its JSON text alone")
    func mapsAnyPayload() async {
        await checkProperty(count: 300, input: Self.payload) { legacy in
            let input = Array(legacy.json.utf8)
            let jwt = try JWS.sign(input, using: Self.legacyKey)
            let token = try Self.migrator.migrate(jwt)
            let parts = token.split(separator: ".")
            let signed = try #require(Data(base64URL: String(parts[2])))
            let output = try Self.object(signed.dropLast(64))  // v4.public: payload ‖ 64-byte signature
            let original = try Self.object(input)

            var expected: [String: Any] = [:]
            expected["iss"] = original["iss"]
            expected["sub"] = original["sub"]
            expected["jti"] = original["jti"]
            if let audiences = original["aud"] as? [String] {
                expected["aud"] = audiences.count == 1 ? audiences[0] : audiences
            } else {
                expected["aud"] = original["aud"]
            }
            let exp = try #require((original["exp"] as? NSNumber)?.doubleValue)
            expected["exp"] = Self.rfc3339(min(exp, Double(Self.now + Self.lifetime)).rounded(.down))
            if let nbf = (original["nbf"] as? NSNumber)?.doubleValue {
                expected["nbf"] = Self.rfc3339(nbf.rounded(.up))
            }
            let iat = (original["iat"] as? NSNumber)?.doubleValue ?? Double(Self.now)
            expected["iat"] = Self.rfc3339(iat.rounded(.down))
            for (name, value) in original where !["iss", "sub", "aud", "exp", "nbf", "iat", "jti"].contains(name) {
                expected[name] = value
            }
            // Both sides written by the same Foundation serializer with sorted keys, so only values can differ.
            #expect(try Self.canonical(output) == Self.canonical(expected), "\(legacy)")
        }
    }
}

extension LegacyPayload {
    /// A JSON string literal for `text`, written by Foundation.
    static func quote(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [])
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }
}

extension Data {
    /// Decodes unpadded base64url with Foundation (not Tessera's decoder).
    init?(base64URL text: String) {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        self.init(base64Encoded: standard)
    }
}
