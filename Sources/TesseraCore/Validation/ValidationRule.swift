#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The outcome of one validation rule.
public enum ValidationResult: Sendable, Hashable {
    /// The claims satisfy the rule.
    case pass
    /// The claims break the rule; the error says how.
    case failure(TesseraError)
}

/// A check on verified claims, given the validation instant.
///
/// Rules never read the clock themselves: `now` is passed in, so a test can pin it.
public protocol ValidationRule: Sendable {
    /// Evaluates the rule.
    ///
    /// - Parameters:
    ///   - claims: The claims of a token whose signature or tag has already been verified.
    ///   - now: The validation instant.
    /// - Returns: ``ValidationResult/pass`` or a failure.
    func evaluate(_ claims: Claims, now: Date) -> ValidationResult
}

/// A rule made from a closure, for checks specific to one application.
///
/// ```swift
/// let adminOnly = ClaimRule("scope includes admin") { claims, _ in
///     claims.custom["scope"]?.stringValue?.split(separator: " ").contains { $0.hasSameBytes(as: "admin") } == true
/// }
/// ```
public struct ClaimRule: ValidationRule {
    /// What the rule demands, used in the error when it fails.
    public let name: String
    private let predicate: @Sendable (Claims, Date) -> Bool

    /// Creates a rule.
    ///
    /// - Parameters:
    ///   - name: What the rule demands, for the error message.
    ///   - predicate: Returns `true` when the claims satisfy the rule.
    public init(_ name: String, _ predicate: @escaping @Sendable (Claims, Date) -> Bool) {
        self.name = name
        self.predicate = predicate
    }

    /// Evaluates the predicate.
    public func evaluate(_ claims: Claims, now: Date) -> ValidationResult {
        predicate(claims, now) ? .pass : .failure(TesseraError(.ruleFailed, "claims fail the rule \"\(name)\""))
    }
}
