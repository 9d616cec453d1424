import TesseraCore
import TesseraSessions
import TesseraSessionsPostgres
import TesseraSessionsSQLite

/// A session store opened from a `--store` URL, with what closing it takes.
struct OpenedStore: Sendable {
    /// The store.
    let store: any SessionStore
    /// The store kind and location for the log, without a password.
    let name: String
    /// Closes the store's connections.
    let close: @Sendable () async -> Void

    /// Opens the store a URL names: `sqlite:PATH` (one file, for processes on one machine) or `postgres://...` /
    /// `postgresql://...` (a database shared by every node).
    ///
    /// - Parameter url: The store URL.
    /// - Returns: The store, not yet prepared.
    /// - Throws: ``StartupError`` for another scheme, or the store's `TesseraError`.
    static func open(_ url: String) async throws -> OpenedStore {
        if url.hasPrefix("sqlite:") {
            let path = String(url.dropFirst("sqlite:".count))
            let store = try await SQLiteSessionStore.open(path: path)
            return OpenedStore(store: store, name: "sqlite:\(path)") { await store.close() }
        }
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let store = try PostgresSessionStore(url: url)
            return OpenedStore(store: store, name: store.description) { await store.close() }
        }
        throw StartupError("--store takes sqlite:PATH or postgres://user@host/database, not \(url.prefix(16))...")
    }
}
