// `tessera-sessions-crash-probe PATH`: rotates one session's refresh token in the SQLite store at PATH forever, for a
// test that kills it with SIGKILL and checks that every commit it reported survived.
//
// After each commit it prints `rotated <hex hash of the new token>`, and on every tenth iteration also
// `revoked <counter>` once a `.token(issuer: "crash", id: "<counter>", ...)` revocation has committed; stdout is
// written unbuffered, so a printed line always means a committed transaction.
//
// PATH.family is an append-only log of token hashes in hex, one a line, so that a restarted probe continues the same
// session: each successor's hash is appended *before* its rotation commits. On start, the probe presents the logged
// hashes newest first; a hash whose rotation never committed is unknown to the store (an `.unknown` outcome changes
// nothing), and the first hash the store knows is the current token.
#if SQLite
import Foundation
import TesseraCore
import TesseraSessions
import TesseraSessionsSQLite

func write(_ line: String, to handle: FileHandle = .standardOutput) {
    handle.write(Data((line + "\n").utf8))
}

func hex(_ hash: RefreshTokenHash) -> String {
    hash.bytes.map { String($0 >> 4, radix: 16) + String($0 & 15, radix: 16) }.joined()
}

func hash(hex text: Substring) -> RefreshTokenHash? {
    let digits = Array(text.utf8)
    guard digits.count == 64 else { return nil }
    var bytes: [UInt8] = []
    for index in stride(from: 0, to: 64, by: 2) {
        let pair = String(decoding: digits[index..<index + 2], as: UTF8.self)
        guard let byte = UInt8(pair, radix: 16) else { return nil }
        bytes.append(byte)
    }
    return RefreshTokenHash(bytes: bytes)
}

func run(path: String) async throws {
    let farFuture = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
    let key = try RefreshTokenKey.generate()
    let store = try await SQLiteSessionStore.open(path: path)
    try await store.prepare()

    let logPath = path + ".family"
    let logged = ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").compactMap {
        hash(hex: $0)
    }
    if !FileManager.default.fileExists(atPath: logPath) {
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
    }
    let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
    try log.seekToEnd()

    var counter = logged.count
    var candidates = Array(logged.reversed())  // newest first; the current token is the first one the store knows
    while true {
        counter += 1
        let successor = try key.hash(RefreshToken.generate())
        write(hex(successor), to: log)  // before the commit: a restart must be able to find it
        var outcome = RotationOutcome.unknown
        while case .unknown = outcome, !candidates.isEmpty {
            let now = Date()
            outcome = try await store.rotate(
                RotationRequest(
                    presented: candidates.removeFirst(),
                    successor: successor,
                    now: now,
                    successorExpiry: farFuture,
                    accessTokenLifetime: 600
                )
            )
        }
        switch outcome {
        case .rotated:
            write("rotated \(hex(successor))")
        case .unknown:  // a new log, or one whose session never committed: start the session
            let family = SessionFamily(
                id: "crash-probe-\(UUID().uuidString)",
                subject: "crash-probe",
                createdAt: Date(),
                expiresAt: farFuture
            )
            try await store.createFamily(family, firstToken: successor, tokenExpiry: farFuture)
        case .reused, .revoked, .expired:
            write("error: the rotation ended as \(outcome)", to: .standardError)
            exit(1)
        }
        candidates = [successor]
        if counter % 10 == 0 {
            try await store.revoke([.token(issuer: "crash", id: "\(counter)", until: farFuture)], at: Date())
            write("revoked \(counter)")
        }
    }
}

guard CommandLine.arguments.count == 2 else {
    write("usage: tessera-sessions-crash-probe PATH", to: .standardError)
    exit(2)
}
do {
    try await run(path: CommandLine.arguments[1])
} catch {
    write("error: \(error)", to: .standardError)
    exit(1)
}
#else
import Foundation

FileHandle.standardError.write(Data("tessera-sessions-crash-probe needs the SQLite trait\n".utf8))
exit(2)
#endif
