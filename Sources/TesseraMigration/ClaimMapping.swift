public import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension Migration {
    /// What to do with a JWT's `aud` (PASETO's `aud` is a single string).
    public enum AudiencePolicy: Sendable, Hashable {
        /// Refuse a JWT with several audiences; keep a single one (a string or a one-element array) as it is.
        case refuse
        /// Require this audience, compared byte for byte, in every shape of `aud` — a string, an array of any
        /// length — and refuse a JWT without `aud`; the output's `aud` is this audience (or the mapping's rewrite).
        case keepMatching(String)
        /// Keep every audience as an array; verifiers must be configured to read `aud` arrays.
        case keepArray
    }

    /// How JWT claims become PASETO claims. Every choice is in SPEC-NOTES.md.
    public struct ClaimMapping: Sendable {
        /// If set, `iss` is rewritten to this; otherwise kept.
        public var issuer: String?
        /// If set, `aud` is rewritten to this single audience; otherwise kept (see ``audiencePolicy``). A rewrite
        /// needs a checked legacy audience: ``AudiencePolicy/keepMatching(_:)`` or an `audience` rule on the legacy
        /// verifier, or the ``Migrator`` refuses the mapping.
        public var audience: String?
        /// What to do with an `aud` array.
        public var audiencePolicy: AudiencePolicy
        /// The longest lifetime of an issued token, in seconds: `exp` becomes at most now + this. Set it with
        /// ``setMaximumLifetime(_:)``.
        public private(set) var maximumLifetime: TimeInterval
        /// If set, only these custom claims are kept.
        public var allowedCustomClaims: Set<String>?
        /// Custom claims that are dropped.
        public var deniedCustomClaims: Set<String>

        /// The default maximum lifetime: 15 minutes.
        public static let defaultMaximumLifetime: TimeInterval = 15 * 60

        /// Creates a mapping with the default maximum lifetime of 15 minutes.
        ///
        /// - Parameters:
        ///   - issuer: The new `iss`, if any.
        ///   - audience: The new `aud`, if any.
        ///   - audiencePolicy: What to do with the JWT's `aud`.
        ///   - allowedCustomClaims: The custom claims to keep, if restricted (names compared byte for byte).
        ///   - deniedCustomClaims: Custom claims to drop (names compared byte for byte).
        public init(
            issuer: String? = nil,
            audience: String? = nil,
            audiencePolicy: AudiencePolicy = .refuse,
            allowedCustomClaims: Set<String>? = nil,
            deniedCustomClaims: Set<String> = []
        ) {
            self.issuer = issuer
            self.audience = audience
            self.audiencePolicy = audiencePolicy
            self.maximumLifetime = Self.defaultMaximumLifetime
            self.allowedCustomClaims = allowedCustomClaims
            self.deniedCustomClaims = deniedCustomClaims
        }

        /// Creates a mapping with a maximum lifetime.
        ///
        /// - Parameters:
        ///   - issuer: The new `iss`, if any.
        ///   - audience: The new `aud`, if any.
        ///   - audiencePolicy: What to do with the JWT's `aud`.
        ///   - maximumLifetime: The longest lifetime of issued tokens, in seconds.
        ///   - allowedCustomClaims: The custom claims to keep, if restricted (names compared byte for byte).
        ///   - deniedCustomClaims: Custom claims to drop (names compared byte for byte).
        /// - Throws: `TesseraError.Code.invalidConfiguration` unless `maximumLifetime` is a finite number of seconds
        ///   above 0 and at most `ValidationRules.maximumDuration`.
        public init(
            issuer: String? = nil,
            audience: String? = nil,
            audiencePolicy: AudiencePolicy = .refuse,
            maximumLifetime: TimeInterval,
            allowedCustomClaims: Set<String>? = nil,
            deniedCustomClaims: Set<String> = []
        ) throws(TesseraError) {
            self.init(
                issuer: issuer,
                audience: audience,
                audiencePolicy: audiencePolicy,
                allowedCustomClaims: allowedCustomClaims,
                deniedCustomClaims: deniedCustomClaims
            )
            try setMaximumLifetime(maximumLifetime)
        }

        /// Sets the longest lifetime of issued tokens.
        ///
        /// - Parameter seconds: A finite number of seconds above 0, at most `ValidationRules.maximumDuration`.
        /// - Throws: `TesseraError.Code.invalidConfiguration` otherwise; the mapping is then unchanged.
        public mutating func setMaximumLifetime(_ seconds: TimeInterval) throws(TesseraError) {
            let checked = try ValidationRules.checkedDuration(seconds, name: "maximumLifetime")
            guard checked > 0 else {
                throw TesseraError(.invalidConfiguration, "maximumLifetime must be above 0 seconds")
            }
            maximumLifetime = checked
        }

        /// Whether the mapped claims may carry several audiences.
        var writesAudienceArrays: Bool { audiencePolicy == .keepArray && audience == nil }

        /// Whether the mapping itself checks the legacy audience.
        var checksAudience: Bool {
            if case .keepMatching = audiencePolicy { return true }
            return false
        }

        /// Maps verified JWT claims to the claims of the PASETO token.
        ///
        /// - Parameters:
        ///   - claims: Claims of a verified JWT.
        ///   - now: The issuing instant.
        /// - Returns: The PASETO claims.
        /// - Throws: `TesseraError.Code.audienceMismatch` when the audience policy refuses the JWT's `aud`;
        ///   `TesseraError.Code.expired` when the issued token would be expired on arrival (a JWT accepted within its
        ///   verifier's leeway after its `exp`).
        public func map(_ claims: Claims, now: Date) throws(TesseraError) -> Claims {
            var mapped = claims
            if let issuer { mapped.issuer = issuer }
            mapped.audience = try mapAudience(claims.audience)
            // PASETO writes whole seconds, dropping fractions toward the past: exp may only move earlier, and nbf is
            // rounded up so the new token is never valid before the JWT was.
            let cap = now.addingTimeInterval(maximumLifetime)
            let expiration = Self.wholeSeconds(min(claims.expiration ?? cap, cap), rounding: .down)
            guard expiration > now else {
                throw TesseraError(
                    .expired,
                    "the JWT expires at or before the exchange instant; a token issued now would already be expired"
                )
            }
            mapped.expiration = expiration
            mapped.notBefore = claims.notBefore.map { Self.wholeSeconds($0, rounding: .up) }
            mapped.issuedAt = claims.issuedAt ?? now
            var custom = JSONObject()
            for member in claims.custom {
                if let allowedCustomClaims, !allowedCustomClaims.contains(where: { $0.hasSameBytes(as: member.name) }) {
                    continue
                }
                if deniedCustomClaims.contains(where: { $0.hasSameBytes(as: member.name) }) { continue }
                custom[member.name] = member.value
            }
            mapped.custom = custom
            return mapped
        }

        private static func wholeSeconds(_ date: Date, rounding: FloatingPointRoundingRule) -> Date {
            Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(rounding))
        }

        private func mapAudience(_ audience: Audience?) throws(TesseraError) -> Audience? {
            let rewritten = self.audience.map { Audience($0) }
            switch audiencePolicy {
            case .keepMatching(let wanted):
                guard let audience, audience.contains(wanted) else {
                    let shown = audience == nil ? "the JWT has no aud" : "the JWT's aud does not include it"
                    throw TesseraError(.audienceMismatch, "the migration requires audience \"\(wanted)\"; \(shown)")
                }
                return rewritten ?? Audience(wanted)
            case .refuse:
                if let audience, audience.values.count > 1 {
                    throw TesseraError(
                        .audienceMismatch,
                        "the JWT has \(audience.values.count) audiences and the audience policy refuses arrays"
                    )
                }
                return rewritten ?? audience.map { Audience($0.values) }
            case .keepArray:
                return rewritten ?? audience
            }
        }
    }
}
