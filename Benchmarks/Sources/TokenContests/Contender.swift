/// How a contender performs one operation.
public enum Operation: Sendable {
    /// A synchronous call (Tessera, the raw C limit).
    case sync(@Sendable () throws -> Void)
    /// An asynchronous call (jwt-kit's key collection is an actor).
    case async(@Sendable () async throws -> Void)
}

/// One library's way of doing an operation.
public struct Contender: Sendable {
    /// Who does it: `Tessera`, `raw`, `jwt-kit`, `single key`, `1 task`, …
    public let label: String
    /// The operation.
    public let operation: Operation
    /// How many tasks run the operation at once; throughput is counted over all of them.
    public let parallelism: Int

    /// Creates a contender.
    ///
    /// - Parameters:
    ///   - label: Who does it.
    ///   - parallelism: Concurrent tasks running `operation`.
    ///   - operation: The operation.
    public init(_ label: String, parallelism: Int = 1, _ operation: Operation) {
        self.label = label
        self.operation = operation
        self.parallelism = parallelism
    }
}
