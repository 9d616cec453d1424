/// Names a token format bound to one version, purpose or algorithm, e.g. `v4.public` or `HS256`.
///
/// Backends declare their formats as static members; a verifier reports the format of every token it accepts.
public struct TokenFormat: Sendable, Hashable, CustomStringConvertible {
    /// The format's name as it appears in the token header (`v4.local`, `v4.public`, `HS256`, ...).
    public let name: String

    /// Creates a format name.
    ///
    /// - Parameter name: The header spelling of the format.
    public init(_ name: String) { self.name = name }

    /// The format's name.
    public var description: String { name }
}
