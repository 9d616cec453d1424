#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The claim checks a verifier runs after the cryptography succeeded.
///
/// The defaults are safe: `exp` is required and checked, `nbf` and `iat` are checked when present, and the clock is
/// the system's. Each failure has its own ``TesseraError/Code``.
///
/// Strings from the token (`iss`, `aud`, `sub`, claim names) are compared byte for byte with the configured ones
/// (RFC 7519 §7.3), never by Unicode canonical equivalence. Durations are checked where they are set: a leeway above
/// ``maximumLeeway`` or a maximum age above ``maximumDuration``, a negative, NaN or infinite value, is refused with
/// ``TesseraError/Code/invalidConfiguration`` instead of silently switching a check off; so is a validation instant
/// that is not finite.
///
/// ```swift
/// var rules = ValidationRules()
/// rules.issuer = "https://auth.example.com"
/// rules.audience = "api.example.com"
/// try rules.setLeeway(30)
/// ```
public struct ValidationRules: Sendable {
    /// The longest accepted maximum age (and migration lifetime): 100 years, in seconds.
    public static let maximumDuration: TimeInterval = 100 * 365.25 * 86_400
    /// The longest accepted leeway: one day, in seconds. Clock skew is seconds to minutes; a larger leeway would be
    /// a way to switch `exp` off.
    public static let maximumLeeway: TimeInterval = 86_400

    /// If set, `iss` must equal it, byte for byte.
    public var issuer: String?
    /// If set, `aud` must contain it, byte for byte.
    public var audience: String?
    /// If set, `sub` must equal it, byte for byte.
    public var subject: String?
    /// Claims that must be present (registered or custom names).
    public var requiredClaims: Set<String>
    /// Whether `exp` must be present. `true` by default; turn it off only for tokens that are meant never to expire.
    public var requiresExpiration: Bool
    /// Seconds of clock skew tolerated on `exp`, `nbf` and `iat`; change it with ``setLeeway(_:)``.
    public private(set) var leeway: TimeInterval
    /// If set, `iat` must be present and no older than this many seconds; change it with ``setMaximumAge(_:)``.
    public private(set) var maximumAge: TimeInterval?
    /// The source of the validation instant.
    public var clock: TokenClock
    /// Application rules, run after the built-in checks, in order.
    public var additionalRules: [any ValidationRule]

    /// Creates rules with no leeway and no maximum age; every parameter has a safe default.
    ///
    /// - Parameters:
    ///   - issuer: The required `iss`.
    ///   - audience: An audience `aud` must contain.
    ///   - subject: The required `sub`.
    ///   - requiredClaims: Claims that must be present (names compared byte for byte).
    ///   - requiresExpiration: Whether `exp` must be present.
    ///   - clock: The time source.
    ///   - additionalRules: Application rules.
    public init(
        issuer: String? = nil,
        audience: String? = nil,
        subject: String? = nil,
        requiredClaims: Set<String> = [],
        requiresExpiration: Bool = true,
        clock: TokenClock = .system,
        additionalRules: [any ValidationRule] = []
    ) {
        self.issuer = issuer
        self.audience = audience
        self.subject = subject
        self.requiredClaims = requiredClaims
        self.requiresExpiration = requiresExpiration
        self.leeway = 0
        self.maximumAge = nil
        self.clock = clock
        self.additionalRules = additionalRules
    }

    /// Creates rules with a leeway or a maximum age, both checked.
    ///
    /// - Parameters:
    ///   - issuer: The required `iss`.
    ///   - audience: An audience `aud` must contain.
    ///   - subject: The required `sub`.
    ///   - requiredClaims: Claims that must be present (names compared byte for byte).
    ///   - requiresExpiration: Whether `exp` must be present.
    ///   - leeway: Tolerated clock skew in seconds.
    ///   - maximumAge: The oldest accepted `iat`, in seconds.
    ///   - clock: The time source.
    ///   - additionalRules: Application rules.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` when `leeway` or `maximumAge` is NaN, infinite,
    ///   negative, or above ``maximumLeeway`` or ``maximumDuration``.
    public init(
        issuer: String? = nil,
        audience: String? = nil,
        subject: String? = nil,
        requiredClaims: Set<String> = [],
        requiresExpiration: Bool = true,
        leeway: TimeInterval = 0,
        maximumAge: TimeInterval? = nil,
        clock: TokenClock = .system,
        additionalRules: [any ValidationRule] = []
    ) throws(TesseraError) {
        self.init(
            issuer: issuer,
            audience: audience,
            subject: subject,
            requiredClaims: requiredClaims,
            requiresExpiration: requiresExpiration,
            clock: clock,
            additionalRules: additionalRules
        )
        try setLeeway(leeway)
        try setMaximumAge(maximumAge)
    }

    /// Sets the tolerated clock skew.
    ///
    /// - Parameter seconds: A finite number of seconds from 0 to ``maximumLeeway``.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` otherwise; the rules are then unchanged.
    public mutating func setLeeway(_ seconds: TimeInterval) throws(TesseraError) {
        leeway = try Self.checkedDuration(seconds, name: "leeway", maximum: Self.maximumLeeway)
    }

    /// Sets the maximum token age, or removes it with `nil`.
    ///
    /// - Parameter seconds: A finite number of seconds from 0 to ``maximumDuration``, or `nil`.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` otherwise; the rules are then unchanged.
    public mutating func setMaximumAge(_ seconds: TimeInterval?) throws(TesseraError) {
        maximumAge = try seconds.map { (value) throws(TesseraError) in
            try Self.checkedDuration(value, name: "maximumAge")
        }
    }

    /// `seconds` if it is a usable duration.
    ///
    /// - Parameters:
    ///   - seconds: The configured value.
    ///   - name: The setting's name, for the error.
    ///   - maximum: The largest accepted value.
    /// - Returns: `seconds`.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for NaN, infinities, negative values and values above
    ///   `maximum`.
    public static func checkedDuration(
        _ seconds: TimeInterval,
        name: String,
        maximum: TimeInterval = maximumDuration
    ) throws(TesseraError) -> TimeInterval {
        guard seconds.isFinite, seconds >= 0, seconds <= maximum else {
            throw TesseraError(
                .invalidConfiguration,
                "\(name) must be a finite number of seconds from 0 to \(Int(maximum)); \(seconds) was given"
            )
        }
        return seconds
    }

    /// `date` if it is a finite instant: a NaN instant would make every time comparison false.
    ///
    /// - Parameter date: An instant from a clock or a caller.
    /// - Returns: `date`.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for a NaN or infinite instant.
    public static func checkedInstant(_ date: Date) throws(TesseraError) -> Date {
        guard date.timeIntervalSince1970.isFinite else {
            throw TesseraError(.invalidConfiguration, "the clock read an instant that is not a finite time")
        }
        return date
    }

    /// Runs every check at the clock's current instant.
    ///
    /// - Parameter claims: Claims of a verified token.
    /// - Throws: The first failing check's error: ``TesseraError/Code/missingClaim``, ``TesseraError/Code/expired``,
    ///   ``TesseraError/Code/notYetValid``, ``TesseraError/Code/issuedInFuture``, ``TesseraError/Code/tokenTooOld``,
    ///   ``TesseraError/Code/issuerMismatch``, ``TesseraError/Code/audienceMismatch``,
    ///   ``TesseraError/Code/subjectMismatch`` or ``TesseraError/Code/ruleFailed``.
    public func validate(_ claims: Claims) throws(TesseraError) {
        try validate(claims, now: clock.now())
    }

    /// Runs every check at a given instant.
    ///
    /// - Parameters:
    ///   - claims: Claims of a verified token.
    ///   - now: The validation instant.
    /// - Throws: As ``validate(_:)``.
    public func validate(_ claims: Claims, now: Date) throws(TesseraError) {
        let now = try Self.checkedInstant(now)
        if requiresExpiration, claims.expiration == nil {
            throw TesseraError(.missingClaim, "the token has no \"exp\" claim and these rules require one")
        }
        for name in requiredClaims.sorted() where !claims.contains(name) {
            throw TesseraError(.missingClaim, "the token has no \"\(name)\" claim and these rules require one")
        }
        if let expiration = claims.expiration, now.timeIntervalSince(expiration) >= leeway {
            throw TesseraError(.expired, "the token expired at \(RFC3339.describe(expiration))")
        }
        if let notBefore = claims.notBefore, notBefore.timeIntervalSince(now) > leeway {
            throw TesseraError(.notYetValid, "the token is not valid before \(RFC3339.describe(notBefore))")
        }
        if let issuedAt = claims.issuedAt, issuedAt.timeIntervalSince(now) > leeway {
            throw TesseraError(
                .issuedInFuture,
                "the token claims to be issued in the future, at \(RFC3339.describe(issuedAt))"
            )
        }
        if let maximumAge {
            guard let issuedAt = claims.issuedAt else {
                throw TesseraError(.missingClaim, "the token has no \"iat\" claim, needed to enforce a maximum age")
            }
            if now.timeIntervalSince(issuedAt) > maximumAge + leeway {
                throw TesseraError(
                    .tokenTooOld,
                    "the token was issued at \(RFC3339.describe(issuedAt)), more than \(maximumAge) s ago"
                )
            }
        }
        if let issuer, claims.issuer?.hasSameBytes(as: issuer) != true {
            throw TesseraError(.issuerMismatch, "the token's issuer is \(Self.quote(claims.issuer)), not \"\(issuer)\"")
        }
        if let audience, claims.audience?.contains(audience) != true {
            throw TesseraError(.audienceMismatch, "the token is not for audience \"\(audience)\"")
        }
        if let subject, claims.subject?.hasSameBytes(as: subject) != true {
            throw TesseraError(
                .subjectMismatch,
                "the token's subject is \(Self.quote(claims.subject)), not \"\(subject)\""
            )
        }
        for rule in additionalRules {
            if case .failure(let error) = rule.evaluate(claims, now: now) { throw error }
        }
    }

    private static func quote(_ value: String?) -> String {
        value.map { TesseraError.quoted($0, limit: 128) } ?? "absent"
    }
}
