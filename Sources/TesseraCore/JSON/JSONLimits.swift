/// Bounds applied while parsing untrusted JSON, so that hostile input ends in an error instead of exhausting memory
/// or the stack.
public struct JSONLimits: Sendable, Hashable {
    /// The largest accepted input, in bytes.
    public var maxBytes: Int
    /// The deepest accepted nesting; a flat object has depth 1. Values above ``depthCeiling`` act as it.
    public var maxDepth: Int
    /// The most object members accepted across the whole document.
    public var maxMembers: Int

    /// Creates limits.
    ///
    /// - Parameters:
    ///   - maxBytes: The largest accepted input, in bytes.
    ///   - maxDepth: The deepest accepted nesting; a flat object has depth 1.
    ///   - maxMembers: The most object members accepted across the whole document.
    public init(maxBytes: Int, maxDepth: Int, maxMembers: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxMembers = maxMembers
    }

    /// Defaults for token payloads: 64 KiB, depth 128 (the root object counts as 1, as in serde_json's default
    /// recursion limit), 4096 members.
    public static let payload = JSONLimits(maxBytes: 64 * 1024, maxDepth: 128, maxMembers: 4096)

    /// The deepest nesting any parser accepts, whatever ``maxDepth`` says: the parser recurses once per level, and
    /// this bound (Foundation's `JSONSerialization` limit) keeps the stack safe on any thread.
    public static let depthCeiling = 512

    /// Defaults for PASETO footers, after the PASETO reference implementation: 8 KiB, depth 2, 512 members.
    public static let footer = JSONLimits(maxBytes: 8 * 1024, maxDepth: 2, maxMembers: 512)
}
