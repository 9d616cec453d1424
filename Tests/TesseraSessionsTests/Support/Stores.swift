import Foundation
import TesseraCore
import TesseraSessions
import TesseraSessionsPostgres
import TesseraSessionsSQLite
import Testing

/// The stores the conformance suite runs against: every test runs once per kind.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case memory
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// `TESSERA_POSTGRES_URL`, set by `.ci/postgres start`.
    static let postgresURL = ProcessInfo.processInfo.environment["TESSERA_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// How long a test's PostgreSQL store waits for a connection: longer than the store's default, because under a
    /// sanitizer on two cores other suites can hold both cooperative threads for many seconds.
    static let postgresWait = Duration.seconds(120)

    /// Whether a missing database must fail the run (under CI) instead of skipping.
    static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    /// A prepared store of this kind, or `nil` (with a note, or a recorded failure under CI) when PostgreSQL is not
    /// configured. SQLite stores live in a new temporary file each time, PostgreSQL stores in a new database.
    func open() async throws -> OpenStore? {
        switch self {
        case .memory:
            return OpenStore(store: InMemorySessionStore(), path: "") {}
        case .sqlite:
            #if SQLite
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("tessera-sessions-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let path = folder.appendingPathComponent("sessions.sqlite").path
            let store: SQLiteSessionStore
            do {
                store = try await SQLiteSessionStore.open(path: path)
            } catch {
                try? FileManager.default.removeItem(at: folder)
                throw error
            }
            return try await Self.prepared(
                OpenStore(store: store, path: path) {
                    await store.close()
                    try? FileManager.default.removeItem(at: folder)
                }
            )
            #else
            return Self.missingTrait("SQLite")
            #endif
        case .postgres:
            #if PostgreSQL
            guard let url = Self.postgresURL else {
                if Self.required {
                    Issue.record("TESSERA_POSTGRES_URL is not set (CI=true): .ci/run starts PostgreSQL and sets it")
                } else {
                    print("note: PostgreSQL store tests skipped; run `source .ci/postgres start` to enable them")
                }
                return nil
            }
            let database = try await PostgresTestDatabase.create(on: url)
            let store: PostgresSessionStore
            do {
                store = try PostgresSessionStore(url: database.url, connectionTimeout: Self.postgresWait)
            } catch {
                await database.drop()
                throw error
            }
            return try await Self.prepared(
                OpenStore(store: store, path: database.url) {
                    await store.close()
                    await database.drop()
                }
            )
            #else
            return Self.missingTrait("PostgreSQL")
            #endif
        }
    }

    /// `open` after `prepare()`; closed (its file or database removed) when `prepare()` fails.
    static func prepared(_ open: OpenStore) async throws -> OpenStore {
        do {
            try await open.store.prepare()
        } catch {
            await open.close()
            throw error
        }
        return open
    }

    /// Skips (or, under CI, fails) a store whose trait this build lacks.
    static func missingTrait(_ trait: String) -> OpenStore? {
        if required {
            Issue.record("built without the \(trait) trait (CI=true): test with --traits SQLite,PostgreSQL")
        } else {
            print("note: \(trait) store tests skipped; build with --traits SQLite,PostgreSQL")
        }
        return nil
    }

    /// A second store object on the same database, as another node would open it.
    func reopen(_ open: OpenStore) async throws -> OpenStore {
        switch self {
        case .memory:
            return OpenStore(store: open.store, path: "") {}
        case .sqlite:
            #if SQLite
            let store = try await SQLiteSessionStore.open(path: open.path)
            return OpenStore(store: store, path: open.path) { await store.close() }
            #else
            return open
            #endif
        case .postgres:
            #if PostgreSQL
            let store = try PostgresSessionStore(url: open.path, connectionTimeout: Self.postgresWait)
            return OpenStore(store: store, path: open.path) { await store.close() }
            #else
            return open
            #endif
        }
    }
}

/// A store with its location and how to close it.
struct OpenStore: Sendable {
    let store: any SessionStore
    let path: String
    let close: @Sendable () async -> Void

    /// Runs `body` with this store, closing it after, also when `body` throws.
    func closing<T>(_ body: (OpenStore) async throws -> T) async throws -> T {
        do {
            let result = try await body(self)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }
}

/// Runs `body` with a prepared store of `kind`, closing it after.
func withStore(_ kind: StoreKind, _ body: (OpenStore) async throws -> Void) async throws {
    guard let open = try await kind.open() else { return }
    try await open.closing(body)
}

/// A random id, e.g. for a session or subject.
func uniqueID(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString)" }
