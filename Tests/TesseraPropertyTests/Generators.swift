import Foundation
import PropertyBased
import TesseraCore
import TesseraPASETO

/// Generators shared by the property suites.
enum Generators {
    /// Printable ASCII, including quotes and backslashes, which JSON must escape.
    static let text = Gen.character(in: " "..."~").string(of: 0...16)

    /// Text from well beyond ASCII: accents, CJK and symbols from the BMP, and astral characters (emoji, maths).
    static let unicodeText = Gen.oneOf(
        Gen.character(in: "\u{00A0}"..."\u{2FFF}").string(of: 0...8),
        Gen.character(in: "\u{1F300}"..."\u{1F6FF}").string(of: 1...4),
        Gen.character(in: "\u{1D400}"..."\u{1D7FF}").string(of: 1...4)
    )

    /// JSON number texts: integers, decimals, exponents, and integers far beyond 64 bits.
    static let numberText = Gen.oneOf(
        Gen<Int64>.value().map { "\($0)" },
        Gen<Int>.value(in: -99_999...99_999).map { "\($0 < 0 ? "-" : "")\(abs($0) / 100).\(abs($0) % 100 + 1)" },
        Gen<Int>.value(in: -300...300).map { "2.5e\($0)" },
        Gen<UInt64>.value().map { "\($0)\($0 % 997)000000000000000000001" }
    )

    /// Arbitrary bytes.
    static let bytes = Gen<UInt8>.value().array(of: 0...48)

    /// Whole-second instants between 1906 and 2096, before the Unix epoch too (PASETO writes whole seconds).
    static let date = Gen<Int64>.value(in: -2_000_000_000...4_000_000_000).map {
        Date(timeIntervalSince1970: TimeInterval($0))
    }

    /// Claims with optional registered claims and a few custom ones.
    static let claims = zip(
        zip(text.optional, unicodeText.optional, text.optional, text),
        zip(date.optional, date.optional, date.optional),
        zip(numberText, unicodeText, unicodeText)
    )
    .map { registered, dates, custom in
        var claims = Claims(
            issuer: registered.0,
            subject: registered.1,
            audience: registered.2.map { Audience($0) },
            expiration: dates.0,
            notBefore: dates.1,
            issuedAt: dates.2,
            tokenID: registered.3.isEmpty ? nil : registered.3
        )
        claims.custom["note"] = .string(registered.3 + "\u{0001}\"\\")
        claims.custom["n"] = (try? JSONParser().parse(Array(custom.0.utf8))) ?? .null
        claims.custom["nested"] = ["list": [.bool(custom.0.hasPrefix("-")), nil]]
        if !custom.1.isEmpty, Claims.Registered(name: custom.1) == nil { claims.custom[custom.1] = .string(custom.2) }
        return claims
    }

    /// Rules that accept any generated claims: no exp needed, and a clock in 2001 with the largest leeway (100 years),
    /// so every generated date (1906 to 2096) is within reach and round trips test encoding, not the time checks.
    static let lenientRules = try! ValidationRules(
        requiresExpiration: false,
        leeway: ValidationRules.maximumDuration,
        clock: .fixed(Date(timeIntervalSince1970: 1_000_000_000))
    )

    /// Issuing defaults that add nothing, so round trips compare exactly.
    static let noDefaults = IssuingDefaults(lifetime: nil, setsIssuedAt: false)
}
