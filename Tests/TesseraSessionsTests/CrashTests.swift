#if SQLite
import Foundation
import GRDB
import TesseraCore
import TesseraSessions
import Testing

/// Kills a process mid-rotation with SIGKILL, again and again, and reads the SQLite file afterwards: every rotation
/// and revocation the process reported as committed is there, and the session never has two usable tokens.
@Suite("SQLite store survives kill -9")
struct CrashTests {
    static let probe: URL = {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        return folder.appendingPathComponent("tessera-sessions-crash-probe")
    }()

    /// Runs the probe until it has reported `lines` lines, or 20 s pass, then kills it; returns its output.
    /// The waiting runs on a Dispatch thread: it blocks, and the cooperative pool has two threads here, which the
    /// PostgreSQL store tests running beside this one need.
    func runAndKill(path: String, afterLines lines: Int, jitter: UInt32) async throws -> [String] {
        // Kept for the failure message: a probe that ends by itself says why there (a sanitizer report, an error).
        let errors = path + ".stderr"
        let (text, reason, status) = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try Self.runAndKillBlocking(path, errors, lines, jitter) })
            }
        }
        #expect(
            reason == .uncaughtSignal,
            "the probe ended by itself with status \(status): \(Self.tail(of: errors))"
        )
        // A line cut by the kill was not reported whole; keep whole lines only.
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    /// ``runAndKill(path:afterLines:jitter:)``'s blocking part: the output, and how the probe ended.
    private static func runAndKillBlocking(
        _ path: String,
        _ errors: String,
        _ lines: Int,
        _ jitter: UInt32
    ) throws -> (String, Process.TerminationReason, Int32) {
        let process = Process()
        process.executableURL = Self.probe
        process.arguments = [path]
        let output = Pipe()
        process.standardOutput = output
        _ = FileManager.default.createFile(atPath: errors, contents: nil)
        let errorFile = try FileHandle(forWritingTo: URL(fileURLWithPath: errors))
        defer { try? errorFile.close() }
        process.standardError = errorFile
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while text.split(separator: "\n").count < lines, Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        usleep(jitter)  // let it get into the middle of some transaction
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        text += String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (text, process.terminationReason, process.terminationStatus)
    }

    /// The last 4,000 characters of a file, or a note that it cannot be read.
    static func tail(of path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "(no error output)" }
        return String(String(decoding: data, as: UTF8.self).suffix(4000))
    }

    /// The rows left in the file: token hashes in hex with whether they were spent, and the revoked ids.
    func read(path: String) throws -> (tokens: [String: Bool], revoked: Set<String>) {
        let database = try DatabaseQueue(path: path)
        defer { try? database.close() }
        return try database.read { database in
            var tokens: [String: Bool] = [:]
            for row in try Row.fetchAll(database, sql: "SELECT hex(hash) AS h, used_at FROM tessera_refresh_tokens") {
                let hash = try #require(row["h"] as String?)
                tokens[hash.lowercased()] = (row["used_at"] as Double?) != nil
            }
            let revoked = try String.fetchAll(
                database,
                sql: "SELECT value FROM tessera_revocations WHERE kind = 'token'"
            )
            return (tokens, Set(revoked))
        }
    }

    @Test("Ten kills mid-rotation: nothing reported is lost, nothing is duplicated")
    func killNine() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.probe.path) else {
            Issue.record("the crash probe is not built next to the tests: \(Self.probe.path)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sessions.sqlite").path
        var reportedRotations: [String] = []
        var reportedRevocations: Set<String> = []
        for round in 0..<10 {
            let lines = try await runAndKill(path: path, afterLines: 200, jitter: UInt32.random(in: 0...3_000))
            reportedRotations += lines.filter { $0.hasPrefix("rotated ") }.map { String($0.dropFirst(8)) }
            reportedRevocations.formUnion(lines.filter { $0.hasPrefix("revoked ") }.map { String($0.dropFirst(8)) })
            let (tokens, revoked) = try read(path: path)
            let unused = tokens.filter { !$0.value }.map(\.key)
            #expect(unused.count == 1, "round \(round): \(unused.count) usable tokens")
            let missing = reportedRotations.filter { tokens[$0] == nil }
            #expect(missing.isEmpty, "round \(round): \(missing.count) reported rotations lost")
            #expect(reportedRevocations.isSubset(of: revoked), "round \(round): a reported revocation was lost")
            // Every reported token but possibly the last was spent by the next rotation.
            #expect(reportedRotations.dropLast().allSatisfy { tokens[$0] == true }, "round \(round)")
        }
        #expect(reportedRotations.count >= 1_500)
        #expect(Set(reportedRotations).count == reportedRotations.count)
    }
}
#endif
