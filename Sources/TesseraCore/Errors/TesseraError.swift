/// The one error type every Tessera operation throws.
///
/// A `TesseraError` carries a stable ``code`` that programs can match on and a ``reason`` written for the person
/// reading a log: what was wrong and, where it helps, what to do about it. Reasons never contain key material or
/// whole tokens, and are always one line: text taken from input has its control and non-printing characters
/// escaped. Two errors compare equal when their codes are equal, whatever their reasons.
///
/// ```swift
/// do {
///     let verified = try verifier.verify(token)
/// } catch where error.code == .expired {
///     // ask the client to refresh
/// }
/// ```
public struct TesseraError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is; stable across releases.
    public let code: Code
    /// A sentence saying what was wrong, for people.
    public let reason: String
    /// The source file that raised the error, for debugging.
    public let file: String
    /// The line that raised the error, for debugging.
    public let line: Int

    /// Creates an error with a code and a reason.
    ///
    /// - Parameters:
    ///   - code: The stable error code.
    ///   - reason: A sentence for people; it must not contain secrets or whole tokens. Control and other
    ///     non-printing characters in it are escaped (see ``escaped(_:)``), so a reason is always one printable line.
    ///   - file: The source file, filled in by the compiler.
    ///   - line: The source line, filled in by the compiler.
    public init(_ code: Code, _ reason: String, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.reason = Self.escaped(reason)
        self.file = file
        self.line = line
    }

    /// `code: reason`, the form the CLI prints.
    public var description: String { "\(code): \(reason)" }

    /// Errors are equal when their codes are.
    public static func == (lhs: TesseraError, rhs: TesseraError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, matching ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

extension TesseraError {
    /// Matches an error against a code, so `catch let e where e ~= .expired` and `#expect(throws:)` read naturally.
    ///
    /// - Parameters:
    ///   - code: The code to match.
    ///   - error: The error to test.
    /// - Returns: `true` when `error` has `code`.
    public static func ~= (code: Code, error: TesseraError) -> Bool { error.code == code }
}
