/// A failed check while setting contests up or running an operation.
public struct ContestError: Error, CustomStringConvertible {
    /// What failed.
    public let description: String

    /// Creates an error.
    ///
    /// - Parameter description: What failed.
    public init(_ description: String) { self.description = description }
}
