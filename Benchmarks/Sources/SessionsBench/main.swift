// SessionsBench: what sessions cost. The revocation check next to a plain v4.local verify (same process, interleaved
// rounds), refresh-token rotations per second on SQLite from one task and on PostgreSQL from 16 concurrent clients,
// and how long a revocation committed through one PostgreSQL store takes to reach another store's running monitor.
//
// Usage: SessionsBench [SECONDS] — SECONDS per throughput measurement (default 3; CI passes a fraction for a smoke
// run). PostgreSQL parts need TESSERA_POSTGRES_URL (`source .ci/postgres start`); without it they are skipped, and
// under CI=true that is a failure. Prints measurements only: timings are never asserted here.
import Foundation
import TesseraCore
import TesseraPASETO
import TesseraSessions
import TesseraSessionsPostgres
import TesseraSessionsSQLite

let seconds = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 3
let now = Date()
let claims = Claims(issuer: "bench", subject: "alice", audience: "api", tokenID: "t-1")

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

/// Nanoseconds per call of `body`, median over interleaved rounds.
func nanoseconds(rounds: Int, iterations: Int, _ bodies: [() throws -> Void]) throws -> [Double] {
    var samples = Array(repeating: [Double](), count: bodies.count)
    for _ in 0..<rounds {
        for (index, body) in bodies.enumerated() {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations { try body() }
            samples[index].append(Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations))
        }
    }
    return samples.map(median)
}

// 1. The revocation check on a snapshot hit, against a plain v4.local verify.
let key = try PASETO.V4.Local.SymmetricKey()
let rules = ValidationRules(issuer: "bench", audience: "api", clock: .fixed(now))
let token = try PASETO.V4.Local.Issuer(key: key, defaults: IssuingDefaults(clock: .fixed(now))).issue(claims)
let plain = PASETO.V4.Local.Verifier(key: key, rules: rules)
let memory = InMemorySessionStore()
try await memory.revoke(
    (0..<10_000).map { .token(issuer: "bench", id: "revoked-\($0)", until: now.addingTimeInterval(3600)) }
        + [.subject("bob", before: now), .keyID("k4.lid.other")],
    at: now
)
let monitor = try RevocationMonitor(store: memory, stalenessBound: 3600, clock: .fixed(now))
try await monitor.refresh()
let checking = plain.checkingRevocation(monitor)
let verified = try plain.verify(token)
let list = monitor.list
let iterations = max(1_000, Int(seconds * 20_000))
let costs = try nanoseconds(
    rounds: 7,
    iterations: iterations,
    [
        { _ = try plain.verify(token) },
        { _ = try checking.verify(token) },
        { try monitor.check(verified) },
        { precondition(list.revocation(of: verified.claims, keyID: verified.keyID) == nil) },
    ]
)
print("revocation check (10,002 entries, a token not on the list; median of 7 interleaved rounds)")
print(String(format: "  v4.local verify            %8.0f ns", costs[0]))
print(String(format: "  v4.local verify + check    %8.0f ns  (+%.1f %%)", costs[1], (costs[1] / costs[0] - 1) * 100))
print(
    String(
        format: "  monitor.check alone        %8.0f ns  (%.1f %% of a verify; target <= 1 us and <= 5 %%)",
        costs[2],
        costs[2] / costs[0] * 100
    )
)
print(String(format: "  RevocationList lookup      %8.0f ns", costs[3]))

// 2. Rotations on SQLite from one task.
let refreshKey = try RefreshTokenKey.generate()
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }

/// Rotations per second of one session by one task, for `duration` seconds, off the main actor (top-level code runs
/// on it, which would add a hop per await).
@concurrent
func rotations(_ store: any SessionStore, key refreshKey: RefreshTokenKey, duration: Double) async throws -> Double {
    let family = SessionFamily(
        id: "bench-\(UUID().uuidString)",
        subject: "bench",
        createdAt: Date(),
        expiresAt: Date().addingTimeInterval(86_400)
    )
    var current = try refreshKey.hash(RefreshToken.generate())
    try await store.createFamily(family, firstToken: current, tokenExpiry: family.expiresAt)
    var count = 0
    let start = Date()
    while Date().timeIntervalSince(start) < duration {
        let next = try refreshKey.hash(RefreshToken.generate())
        let outcome = try await store.rotate(
            RotationRequest(
                presented: current,
                successor: next,
                now: Date(),
                successorExpiry: family.expiresAt,
                accessTokenLifetime: 600
            )
        )
        guard case .rotated = outcome else { fatalError("rotation \(count) failed: \(outcome)") }
        current = next
        count += 1
    }
    return Double(count) / Date().timeIntervalSince(start)
}

let sqlite = try await SQLiteSessionStore.open(path: folder.appendingPathComponent("bench.sqlite").path)
try await sqlite.prepare()
let sqliteRate = try await rotations(sqlite, key: refreshKey, duration: seconds)
print(String(format: "SQLite rotations, one task (WAL, synchronous=NORMAL): %.0f /s (target >= 5,000)", sqliteRate))
let sessions = SessionManager(
    store: sqlite,
    key: refreshKey,
    issuer: PASETO.V4.Local.Issuer(key: key),
    policy: try SessionPolicy(issuer: "bench", audience: "api")
)
var refresh = try await sessions.login(subject: "bench").refreshToken.value
var refreshes = 0
let refreshStart = Date()
while Date().timeIntervalSince(refreshStart) < seconds {
    refresh = try await sessions.refresh(refresh).refreshToken.value
    refreshes += 1
}
print(
    String(
        format: "SQLite SessionManager.refresh (rotation + v4.local access token): %.0f /s",
        Double(refreshes) / Date().timeIntervalSince(refreshStart)
    )
)
await sqlite.close()

// 3. PostgreSQL: 16 concurrent clients, and propagation to another node.
guard let url = ProcessInfo.processInfo.environment["TESSERA_POSTGRES_URL"], !url.isEmpty else {
    print("PostgreSQL: skipped (TESSERA_POSTGRES_URL is not set; source .ci/postgres start)")
    exit(ProcessInfo.processInfo.environment["CI"] == "true" ? 1 : 0)
}
let postgres = try PostgresSessionStore(url: url)
try await postgres.prepare()
let clients = 16
/// Total rotations per second of `clients` tasks, each rotating its own session.
@concurrent
func concurrentRotations(
    _ store: PostgresSessionStore,
    key: RefreshTokenKey,
    clients: Int,
    duration: Double
) async throws -> Double {
    try await withThrowingTaskGroup(of: Double.self) { group in
        for _ in 0..<clients { group.addTask { try await rotations(store, key: key, duration: duration) } }
        return try await group.reduce(0, +)
    }
}
let total = try await concurrentRotations(postgres, key: refreshKey, clients: clients, duration: seconds)
print(String(format: "PostgreSQL rotations, %d concurrent clients: %.0f /s (target >= 1,500)", clients, total))

let other = try PostgresSessionStore(url: url)
let node = try RevocationMonitor(store: other, stalenessBound: 2)
try await node.refresh()
let running = Task { await node.run() }
var latencies: [Double] = []
for sample in 0..<20 {
    let kid = "bench-propagation-\(UUID().uuidString)-\(sample)"
    try await Task.sleep(for: .milliseconds(50))
    let start = Date()
    try await postgres.revoke([.keyID(kid)], at: start)
    while node.list.revocation(of: claims, keyID: kid) == nil {
        guard Date().timeIntervalSince(start) < 5 else { break }
        try await Task.sleep(for: .microseconds(200))
    }
    latencies.append(Date().timeIntervalSince(start))
}
running.cancel()
print(
    String(
        format:
            "PostgreSQL revocation visible on another node (LISTEN/NOTIFY): median %.1f ms, max %.1f ms over 20 (target <= 1 s)",
        median(latencies) * 1000,
        (latencies.max() ?? 0) * 1000
    )
)
await other.close()
await postgres.close()
