import Foundation

/// A program run to completion with its standard error discarded.
enum ChildProcess {
    /// Runs `executable` with `arguments` and waits for it to exit.
    ///
    /// - Returns: What it printed on standard output, and its exit status.
    /// - Throws: When it cannot be started.
    static func output(of executable: String, _ arguments: [String]) throws -> (output: Data, status: Int32) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (output, process.terminationStatus)
    }
}
