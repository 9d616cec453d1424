import Foundation
import TesseraCore
import TesseraSessions
import TesseraSessionsPostgres
import TesseraSessionsSQLite

#if PostgreSQL
import Logging
#endif

/// Opens the session store named by `--store`: `sqlite:PATH` or `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`.
///
/// Each store is compiled in only with its package trait (`SQLite`, `PostgreSQL`); a URL for a store this build lacks
/// is unusable input (exit 2) with a message saying which trait to build with.
enum CLIStore {
    /// Opens the store, runs `body`, and closes the store whatever happens.
    ///
    /// The CLI never creates a store or its schema (the servers do, with `prepare()`): a mistyped path or database
    /// must not turn into an empty revocation list that passes every token.
    static func with<T>(_ url: String, _ body: (any SessionStore) async throws -> T) async throws -> T {
        let (store, close) = try await open(url)
        do {
            let result = try await body(store)
            await close()
            return result
        } catch {
            await close()
            throw error
        }
    }

    private static func open(_ url: String) async throws -> (any SessionStore, @Sendable () async -> Void) {
        if url.utf8.starts(with: "sqlite:".utf8) {
            let path = String(url.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw CLIError.unusable("--store sqlite: needs a file path, e.g. sqlite:sessions.db")
            }
            #if SQLite
            guard FileManager.default.fileExists(atPath: path) else {
                throw CLIError.unusable("no session store at \(path): the servers create it (SessionStore.prepare())")
            }
            let store = try await unusableOnFailure { () async throws(TesseraError) in
                try await SQLiteSessionStore.open(path: path)
            }
            return (store, { await store.close() })
            #else
            throw CLIError.unusable("this tessera was built without the SQLite store: build with --traits SQLite")
            #endif
        }
        if url.utf8.starts(with: "postgres://".utf8) || url.utf8.starts(with: "postgresql://".utf8) {
            #if PostgreSQL
            // The CLI's contract is one line on stderr: the driver's connection log stays quiet.
            let quiet = Logger(label: "tessera.cli.store") { _ in SwiftLogNoOpLogHandler() }
            let store = try await unusableOnFailure { () async throws(TesseraError) in
                try PostgresSessionStore(url: url, connectionTimeout: .seconds(5), logger: quiet)
            }
            return (store, { await store.close() })
            #else
            throw CLIError.unusable(
                "this tessera was built without the PostgreSQL store: build with --traits PostgreSQL"
            )
            #endif
        }
        throw CLIError.unusable("--store must be sqlite:PATH or postgres://USER@HOST:PORT/DATABASE")
    }

    /// Runs `body`, turning a store or configuration error into exit status 2.
    static func unusableOnFailure<T>(_ body: () async throws(TesseraError) -> T) async throws(CLIError) -> T {
        do {
            return try await body()
        } catch {
            throw CLIError.unusable("\(error.reason) [\(error.code)]")
        }
    }
}
