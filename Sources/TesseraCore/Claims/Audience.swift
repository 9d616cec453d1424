/// The `aud` claim: one audience or several.
///
/// PASETO's `aud` is a single string; JWT allows a string or an array. The backends decide which forms they accept
/// and write (see SPEC-NOTES.md).
public struct Audience: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByArrayLiteral {
    /// One audience is kept without an array: it is the common case, and a verified token then costs no allocation
    /// for its `aud`.
    private enum Storage: Sendable {
        case one(String)
        case many([String])
    }

    private var storage: Storage

    /// The audiences, in order.
    public var values: [String] {
        get {
            switch storage {
            case .one(let value): [value]
            case .many(let values): values
            }
        }
        set { storage = .many(newValue) }
    }

    /// One audience.
    ///
    /// - Parameter value: The audience.
    public init(_ value: String) { self.storage = .one(value) }

    /// Several audiences.
    ///
    /// - Parameter values: The audiences.
    public init(_ values: [String]) { self.storage = .many(values) }

    /// One audience.
    public init(stringLiteral value: String) { self.storage = .one(value) }

    /// Several audiences.
    public init(arrayLiteral elements: String...) { self.storage = .many(elements) }

    /// The audience when there is exactly one, read without building an array.
    var single: String? {
        switch storage {
        case .one(let value): value
        case .many(let values): values.count == 1 ? values[0] : nil
        }
    }

    /// Whether `audience` is one of the values, compared byte for byte (RFC 7519 §7.3: no case folding, no
    /// Unicode normalisation).
    ///
    /// - Parameter audience: The audience to look for.
    /// - Returns: `true` when present.
    public func contains(_ audience: String) -> Bool {
        switch storage {
        case .one(let value): value.hasSameBytes(as: audience)
        case .many(let values): values.contains { $0.hasSameBytes(as: audience) }
        }
    }

    /// Audiences are equal when they hold the same values, byte for byte, in the same order.
    public static func == (lhs: Audience, rhs: Audience) -> Bool {
        lhs.values.count == rhs.values.count && zip(lhs.values, rhs.values).allSatisfy { $0.hasSameBytes(as: $1) }
    }

    /// Hashes the values in order, whichever way they are stored, matching ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(values)
    }
}
