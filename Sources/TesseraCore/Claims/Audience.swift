/// The `aud` claim: one audience or several.
///
/// PASETO's `aud` is a single string; JWT allows a string or an array. The backends decide which forms they accept
/// and write (see SPEC-NOTES.md).
public struct Audience: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    /// The audiences, in order.
    public var values: [String]

    /// One audience.
    ///
    /// - Parameter value: The audience.
    public init(_ value: String) { self.values = [value] }

    /// Several audiences.
    ///
    /// - Parameter values: The audiences.
    public init(_ values: [String]) { self.values = values }

    /// One audience.
    public init(stringLiteral value: String) { self.values = [value] }

    /// Several audiences.
    public init(arrayLiteral elements: String...) { self.values = elements }

    /// Whether `audience` is one of the values, compared byte for byte (RFC 7519 §7.3: no case folding, no
    /// Unicode normalisation).
    ///
    /// - Parameter audience: The audience to look for.
    /// - Returns: `true` when present.
    public func contains(_ audience: String) -> Bool { values.contains { $0.hasSameBytes(as: audience) } }

    /// Audiences are equal when they hold the same values, byte for byte, in the same order.
    public static func == (lhs: Audience, rhs: Audience) -> Bool {
        lhs.values.count == rhs.values.count && zip(lhs.values, rhs.values).allSatisfy { $0.hasSameBytes(as: $1) }
    }
}
