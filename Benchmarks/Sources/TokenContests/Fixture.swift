import CRawLimit
import Foundation
import TesseraCore

/// The claims every format carries, and the rules every verifier applies to them.
enum Fixture {
    static let issuer = "https://issuer.example"
    static let audience = "api.example"

    /// The same seven claims everywhere: `iss`, `sub`, `aud`, `exp`, `nbf`, `iat`, `jti`, on whole seconds so that
    /// JWT NumericDates and PASETO RFC 3339 dates carry the same instants.
    static func claims(custom: JSONObject = JSONObject()) -> Claims {
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        return Claims(
            issuer: issuer,
            subject: "user-42",
            audience: "api.example",
            expiration: now.addingTimeInterval(3600),
            notBefore: now.addingTimeInterval(-60),
            issuedAt: now,
            tokenID: "8d1c3a6e-2f4b-4c39-9a7e-5b0f1d2c3e4f",
            custom: custom
        )
    }

    /// `iss` and `aud` required, `exp` and `nbf` checked against the system clock (as jwt-kit's payload checks).
    static let rules = ValidationRules(issuer: issuer, audience: audience)

    /// Defaults that add nothing: the claims already carry `iat` and `exp`.
    static let defaults = IssuingDefaults(lifetime: nil, setsIssuedAt: false)

    /// Random bytes from libsodium.
    static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        CRawLimit_random(&bytes, count)
        return bytes
    }

    /// The decoded segments of a compact token: JWS header and payload, or a PASETO body.
    static func segments(of token: String) throws -> [[UInt8]] {
        try token.split(separator: ".", omittingEmptySubsequences: false).map { try Base64URL.decode($0) }
    }
}
