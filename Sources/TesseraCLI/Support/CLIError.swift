import TesseraCore

/// Ends a command with a one-line message and an exit code that scripts can rely on.
///
/// - 1: the token was rejected (`rejected: <reason>`).
/// - 2: the arguments or the key are unusable.
struct CLIError: Error {
    let message: String
    let exitCode: Int32

    /// The token failed verification.
    static func rejected(_ error: TesseraError) -> CLIError {
        CLIError(message: "rejected: \(error.reason) [\(error.code)]", exitCode: 1)
    }

    /// The input cannot be used (bad key, bad option value, unreadable file); the message is escaped to one line.
    static func unusable(_ message: String) -> CLIError {
        CLIError(message: "error: \(TesseraError.escaped(message))", exitCode: 2)
    }

    /// Runs `body`, turning a library error about the configuration (not a token) into exit status 2.
    static func configuring<T>(_ body: () throws -> T) throws(CLIError) -> T {
        do {
            return try body()
        } catch let error as CLIError {
            throw error
        } catch let error as TesseraError {
            throw unusable("\(error.reason) [\(error.code)]")
        } catch {
            throw unusable("\(error)")
        }
    }
}
