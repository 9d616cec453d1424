import Foundation
import PropertyBased
import TesseraCore
import TesseraPASETO

/// Generators shared by the property suites.
enum Generators {
    /// Printable ASCII, including quotes and backslashes, which JSON must escape.
    static let text = Gen.character(in: " "..."~").string(of: 0...16)

    /// Text from well beyond ASCII (accents, CJK, symbols).
    static let unicodeText = Gen.character(in: "\u{00A0}"..."\u{2FFF}").string(of: 0...8)

    /// Arbitrary bytes.
    static let bytes = Gen<UInt8>.value().array(of: 0...48)

    /// Whole-second instants between 1970 and 2096 (PASETO writes whole seconds).
    static let date = Gen<Int64>.value(in: 1...4_000_000_000).map { Date(timeIntervalSince1970: TimeInterval($0)) }

    /// Claims with optional registered claims and a few custom ones.
    static let claims = zip(
        text.optional,
        unicodeText.optional,
        text.optional,
        date.optional,
        text,
        Gen<Int>.value(in: -1_000_000...1_000_000)
    )
    .map { values in
        var claims = Claims(
            issuer: values.0,
            subject: values.1,
            audience: values.2.map { Audience($0) },
            expiration: values.3,
            tokenID: values.4.isEmpty ? nil : values.4
        )
        claims.custom["note"] = .string(values.4 + "\u{0001}\"\\")
        claims.custom["n"] = .number(JSONNumber(values.5))
        claims.custom["nested"] = ["list": [.bool(values.5 > 0), nil]]
        return claims
    }

    /// Rules that accept any generated claims: no exp needed, validated at the epoch.
    static let lenientRules = ValidationRules(requiresExpiration: false, clock: .fixed(Date(timeIntervalSince1970: 0)))

    /// Issuing defaults that add nothing, so round trips compare exactly.
    static let noDefaults = IssuingDefaults(lifetime: nil, setsIssuedAt: false)
}
