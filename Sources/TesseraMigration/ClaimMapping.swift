public import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension Migration {
    /// What to do with a JWT `aud` that is an array (PASETO's `aud` is a single string).
    public enum AudiencePolicy: Sendable, Hashable {
        /// Refuse the JWT.
        case refuse
        /// Keep only this audience, which must be among the JWT's; the safe default uses the audience the JWT was
        /// verified for.
        case keepMatching(String)
        /// Keep every audience as an array; verifiers must be configured to read `aud` arrays.
        case keepArray
    }

    /// How JWT claims become PASETO claims. Every choice is in SPEC-NOTES.md.
    public struct ClaimMapping: Sendable {
        /// If set, `iss` is rewritten to this; otherwise kept.
        public var issuer: String?
        /// If set, `aud` is rewritten to this single audience; otherwise kept (see ``audiencePolicy``).
        public var audience: String?
        /// What to do with an `aud` array.
        public var audiencePolicy: AudiencePolicy
        /// The longest lifetime of an issued token, in seconds: `exp` becomes at most now + this.
        public var maximumLifetime: TimeInterval
        /// If set, only these custom claims are kept.
        public var allowedCustomClaims: Set<String>?
        /// Custom claims that are dropped.
        public var deniedCustomClaims: Set<String>

        /// Creates a mapping.
        ///
        /// - Parameters:
        ///   - issuer: The new `iss`, if any.
        ///   - audience: The new `aud`, if any.
        ///   - audiencePolicy: What to do with an `aud` array.
        ///   - maximumLifetime: The longest lifetime of issued tokens (default 15 minutes).
        ///   - allowedCustomClaims: The custom claims to keep, if restricted.
        ///   - deniedCustomClaims: Custom claims to drop.
        public init(
            issuer: String? = nil,
            audience: String? = nil,
            audiencePolicy: AudiencePolicy = .refuse,
            maximumLifetime: TimeInterval = 15 * 60,
            allowedCustomClaims: Set<String>? = nil,
            deniedCustomClaims: Set<String> = []
        ) {
            self.issuer = issuer
            self.audience = audience
            self.audiencePolicy = audiencePolicy
            self.maximumLifetime = maximumLifetime
            self.allowedCustomClaims = allowedCustomClaims
            self.deniedCustomClaims = deniedCustomClaims
        }

        /// Whether the mapped claims may carry several audiences.
        var writesAudienceArrays: Bool { audiencePolicy == .keepArray && audience == nil }

        /// Maps verified JWT claims to the claims of the PASETO token.
        ///
        /// - Parameters:
        ///   - claims: Claims of a verified JWT.
        ///   - now: The issuing instant.
        /// - Returns: The PASETO claims.
        /// - Throws: `TesseraError.Code.audienceMismatch` when the audience policy refuses the JWT's `aud`.
        public func map(_ claims: Claims, now: Date) throws(TesseraError) -> Claims {
            var mapped = claims
            if let issuer { mapped.issuer = issuer }
            mapped.audience = try mapAudience(claims.audience)
            let cap = now.addingTimeInterval(maximumLifetime)
            mapped.expiration = min(claims.expiration ?? cap, cap)
            mapped.issuedAt = claims.issuedAt ?? now
            var custom = JSONObject()
            for member in claims.custom {
                if let allowedCustomClaims, !allowedCustomClaims.contains(member.name) { continue }
                if deniedCustomClaims.contains(member.name) { continue }
                custom[member.name] = member.value
            }
            mapped.custom = custom
            return mapped
        }

        private func mapAudience(_ audience: Audience?) throws(TesseraError) -> Audience? {
            guard let audience else { return self.audience.map { Audience($0) } }
            if audience.values.count > 1 {
                switch audiencePolicy {
                case .refuse:
                    throw TesseraError(
                        .audienceMismatch,
                        "the JWT has \(audience.values.count) audiences and the audience policy refuses arrays"
                    )
                case .keepMatching(let wanted):
                    guard audience.contains(wanted) else {
                        throw TesseraError(.audienceMismatch, "the JWT's audiences do not include \"\(wanted)\"")
                    }
                    return Audience(self.audience ?? wanted)
                case .keepArray:
                    return self.audience.map { Audience($0) } ?? audience
                }
            }
            return self.audience.map { Audience($0) } ?? audience
        }
    }
}
