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

    /// The instant the lenient rules validate at: 2001-09-09T01:46:40Z.
    static let now: Int64 = 1_000_000_000

    /// Whole-second instants from 1906 up to ``now``, before the Unix epoch too (PASETO writes whole seconds).
    static let pastDate = Gen<Int64>.value(in: -2_000_000_000...now).map {
        Date(timeIntervalSince1970: TimeInterval($0))
    }

    /// Whole-second instants after ``now``, up to 2096.
    static let futureDate = Gen<Int64>.value(in: (now + 1)...4_000_000_000).map {
        Date(timeIntervalSince1970: TimeInterval($0))
    }

    /// Claims with optional registered claims and a few custom ones.
    static let claims = zip(
        zip(text.optional, unicodeText.optional, text.optional, text),
        zip(futureDate.optional, pastDate.optional, pastDate.optional),
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

    /// Rules that accept any generated claims: no exp needed, validated at ``now``, after every generated `nbf` and
    /// `iat` and before every generated `exp`.
    static let lenientRules = ValidationRules(
        requiresExpiration: false,
        clock: .fixed(Date(timeIntervalSince1970: TimeInterval(now)))
    )

    /// Issuing defaults that add nothing, so round trips compare exactly.
    static let noDefaults = IssuingDefaults(lifetime: nil, setsIssuedAt: false)
}
