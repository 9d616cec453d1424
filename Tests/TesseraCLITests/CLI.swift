import Foundation
import Testing

/// Runs the built `tessera` binary.
enum CLI {
    struct Result {
        let status: Int32
        let stdout: [UInt8]
        let stderr: String

        var output: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// The build products folder that holds `tessera`, found next to the test bundle.
    static let binary: URL = {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        let candidate = folder.appendingPathComponent("tessera")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/tessera")
    }()

    /// Runs `tessera` with `arguments`, feeding `input` to standard input, with extra environment variables.
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: Array(stdout),
            stderr: String(decoding: stderr, as: UTF8.self)
        )
    }

    /// Runs `tessera` and returns its trimmed standard output, expecting success.
    static func value(_ arguments: [String]) throws -> String {
        let result = try run(arguments)
        #expect(result.status == 0, "tessera \(arguments.first ?? "") failed: \(result.stderr)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
