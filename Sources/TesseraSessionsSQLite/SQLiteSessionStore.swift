#if SQLite
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import Dispatch
import GRDB
import Synchronization
public import TesseraCore
public import TesseraSessions

/// A ``SessionStore`` in one SQLite database file, for a single node or a few processes on one machine.
///
/// The store keeps one GRDB connection and runs one unit of work at a time on it, in arrival order, with its
/// statements prepared once and cached; writes take SQLite's write lock up front (`BEGIN IMMEDIATE`, or a single
/// write statement, which takes it before it reads), so concurrent rotations of one refresh token, from this process
/// or from others sharing the file, serialize and exactly one of them succeeds. The database runs in WAL mode with
/// foreign keys on; GRDB links the system's SQLite (`libsqlite3-dev` on Debian and Ubuntu).
///
/// ```swift
/// let store = try await SQLiteSessionStore.open(path: "/var/lib/app/sessions.sqlite")
/// try await store.prepare()
/// let sessions = SessionManager(store: store, key: refreshKey, issuer: accessIssuer)
/// // ...
/// await store.close()
/// ```
///
/// Other processes' revocations reach this process's ``RevocationMonitor`` through its polling only: ``changes()``
/// signals the revocations this store object commits.
///
/// - Important: Call ``close()`` before dropping the store, so that later calls fail clearly and ``changes()``
///   streams finish; an unclosed store's connection closes when the last reference goes.
public final class SQLiteSessionStore: SessionStore {
    /// How hard SQLite works to keep commits when the machine, not just the process, goes down.
    public enum Synchronous: Sendable, Hashable {
        /// `PRAGMA synchronous = NORMAL`: the write-ahead log is synced at checkpoints, not at every commit. Every
        /// committed transaction survives a crash or `kill -9` of the process; an operating-system crash or a power
        /// loss can lose the last commits (never corrupt the database). Fast: a commit costs no `fsync`.
        case normal
        /// `PRAGMA synchronous = FULL`: the log is synced at every commit, so commits also survive an operating-system
        /// crash or a power loss, at the price of one `fsync` per write transaction (rotations per second then follow
        /// the disk's sync latency).
        case full
    }

    /// The store's one connection, used by one unit of work at a time, in arrival order.
    let database: DatabaseQueue
    /// How long SQLite waits for another connection's lock, for error messages.
    let busyTimeout: Duration
    /// Set by ``close()`` from within a unit of work; every later unit fails before touching the connection.
    let isClosed = Atomic<Bool>(false)
    /// The one closing of the connection, which every call of ``close()`` awaits.
    private let closing = Mutex<Task<Void, Never>?>(nil)
    private let subscribers = Mutex(Subscribers())

    private struct Subscribers {
        var continuations: [Int: AsyncStream<StoreChange>.Continuation] = [:]
        var nextID = 0
        var isClosed = false
    }

    private init(database: DatabaseQueue, busyTimeout: Duration) {
        self.database = database
        self.busyTimeout = busyTimeout
    }

    /// Opens (creating if absent) the database at `path`; call ``prepare()`` before the first use of a new file.
    ///
    /// - Parameters:
    ///   - path: The database file; `":memory:"` makes a private in-memory database, for tests.
    ///   - synchronous: The durability of commits: ``Synchronous/normal`` (the default) survives a process crash,
    ///     ``Synchronous/full`` also an operating-system crash or power loss, at one `fsync` per write.
    ///   - busyTimeout: How long a statement waits, sleeping, for a lock another process holds on the file (another
    ///     process's write transaction, a checkpoint) before failing with ``TesseraError/Code/storeUnavailable``;
    ///     `PRAGMA busy_timeout`, in whole milliseconds (rounded down), from zero (fail at once) to `Int32.max`
    ///     milliseconds. The default, five seconds, outlasts any transaction of this store.
    /// - Returns: The open store.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for an empty path or one holding U+0000, or a negative
    ///   or too long `busyTimeout`; ``TesseraError/Code/storeUnavailable`` when the system's SQLite is older than
    ///   3.37 (the schema uses `STRICT` tables and `RETURNING`), or the file cannot be opened or put in WAL mode.
    public static func open(
        path: String,
        synchronous: Synchronous = .normal,
        busyTimeout: Duration = .seconds(5)
    ) async throws(TesseraError) -> SQLiteSessionStore {
        guard !path.isEmpty else {
            throw TesseraError(.invalidConfiguration, "the SQLite store needs a file path, or \":memory:\"")
        }
        _ = try text(path, "the SQLite database path")
        guard busyTimeout >= .zero, busyTimeout <= .milliseconds(Int32.max) else {
            throw TesseraError(
                .invalidConfiguration,
                "the SQLite busy timeout must be between zero and \(Int32.max) ms, not \(busyTimeout)"
            )
        }
        let (seconds, attoseconds) = busyTimeout.components
        let busyMilliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        let inMemory = path == ":memory:"
        let activity = "opening the SQLite database at \(path)"
        // GRDB links the system's SQLite, whose version the deployment decides.
        let version = Database.sqliteLibVersionNumber
        guard version >= minimumSQLiteVersion else {
            throw TesseraError(
                .storeUnavailable,
                "\(activity): the system's SQLite is \(version / 1_000_000).\(version / 1000 % 1000).\(version % 1000), "
                    + "and the session store needs 3.37 or later (STRICT tables, RETURNING); install a newer "
                    + "libsqlite3"
            )
        }
        var configuration = Configuration()
        configuration.label = "tessera.sessions"
        configuration.foreignKeysEnabled = true
        // SQLite's own sleeping busy handler, which gives up after the timeout.
        configuration.busyMode =
            busyMilliseconds == 0 ? .immediateError : .timeout(TimeInterval(busyMilliseconds) / 1000)
        let database: DatabaseQueue
        do {
            // Opening reads the file, and may wait out another process's lock for the busy timeout.
            database = try await offCooperativePool { [configuration] in
                inMemory
                    ? try DatabaseQueue(configuration: configuration)
                    : try DatabaseQueue(path: path, configuration: configuration)
            }
        } catch {
            throw storeError(activity, error, busyTimeout: busyTimeout)
        }
        do {
            try await database.writeWithoutTransaction { database in
                let mode = try String.fetchOne(database, sql: "PRAGMA journal_mode = WAL")
                if !inMemory, mode?.lowercased() != "wal" {
                    throw TesseraError(
                        .storeUnavailable,
                        "\(activity): the database cannot use WAL journal mode (it stays in \(mode ?? "an unknown") "
                            + "mode); put it on a local file system"
                    )
                }
                // A checkpoint copies the log into the database and, in both modes, syncs both files; SQLite's
                // default runs one every 1,000 pages (about 250 rotations), which costs about 30 % of the rotation
                // rate here. Every 4,000 pages (a log of about 16 MB) spreads those syncs over four times as many
                // commits.
                try database.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
                switch synchronous {
                case .normal: try database.execute(sql: "PRAGMA synchronous = NORMAL")
                case .full: try database.execute(sql: "PRAGMA synchronous = FULL")
                }
            }
        } catch {
            _ = try? await offCooperativePool { try database.close() }
            // The WAL switch may have run before the cancellation: say only that it was cancelled.
            throw error is CancellationError
                ? TesseraError(.storeUnavailable, "\(activity): the calling task was cancelled")
                : storeError(activity, error, busyTimeout: busyTimeout)
        }
        return SQLiteSessionStore(database: database, busyTimeout: busyTimeout)
    }

    /// Runs one of GRDB's blocking calls (opening and closing a connection) on a Dispatch thread, so that it never
    /// holds one of the few threads of Swift's cooperative pool while SQLite reads the file or waits for a lock.
    ///
    /// - Parameter body: The blocking call.
    /// - Returns: What it returned.
    /// - Throws: What it threw.
    static func offCooperativePool<Value: Sendable>(
        _ body: @escaping @Sendable () throws -> Value
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The oldest SQLite the schema runs on: 3.37 (`STRICT` tables; `RETURNING` came in 3.35).
    static let minimumSQLiteVersion: CInt = 3_037_000

    /// Closes the connection after the units of work already queued; later calls throw
    /// ``TesseraError/Code/storeUnavailable`` and ``changes()`` streams finish. A cancelled caller still closes the
    /// store; every call, concurrent or later, returns once it is closed.
    public func close() async {
        let task = closing.withLock { closing in
            if let closing { return closing }
            // An unstructured task: the caller's cancellation, which would make GRDB skip the unit, does not reach it.
            let task = Task { await self.closeOnce() }
            closing = task
            return task
        }
        await task.value
    }

    /// Sets ``isClosed`` in a unit of work queued behind the others, closes the connection and finishes the streams.
    private func closeOnce() async {
        // Only cancellation makes GRDB skip a unit, and this task is never cancelled; should it be skipped anyway,
        // the flag is set below, before the connection closes.
        _ = try? await database.writeWithoutTransaction { _ in self.isClosed.store(true, ordering: .releasing) }
        isClosed.store(true, ordering: .releasing)
        // GRDB's close waits on its queue, briefly: units queued meanwhile fail at once on the flag.
        _ = try? await Self.offCooperativePool { [database] in try database.close() }
        let open = subscribers.withLock { state in
            state.isClosed = true
            defer { state.continuations = [:] }
            return Array(state.continuations.values)
        }
        for continuation in open { continuation.finish() }
    }

    // MARK: - Schema

    /// The schema version this library writes and reads: the number of migrations.
    static var schemaVersion: Int64 { Int64(migrations.count) }

    /// Creates the tables, or brings older ones up to this library's version, in one write transaction; safe to call
    /// on every start, from many processes at once (the write lock serializes them).
    ///
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when the database cannot be written or holds a newer schema.
    public func prepare() async throws(TesseraError) {
        try await withConnection("preparing the session tables", .write) { transaction in
            try transaction.query(
                """
                CREATE TABLE IF NOT EXISTS tessera_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER)
                STRICT, WITHOUT ROWID
                """
            )
            let rows = try transaction.query("SELECT value FROM tessera_meta WHERE key = 'schema_version'")
            let version = try rows.first.map { row throws(TesseraError) in try Self.requiredInteger(row, "value") } ?? 0
            guard version >= 0, version <= Self.schemaVersion else {
                throw TesseraError(
                    .storeUnavailable,
                    "the database holds schema version \(version), which this library (version \(Self.schemaVersion)) "
                        + "cannot read"
                )
            }
            if version == Self.schemaVersion { return }
            for migration in Self.migrations[Int(version)...] {
                for statement in migration { try transaction.database.execute(sql: statement) }
            }
            try transaction.query(
                "INSERT INTO tessera_meta (key, value) VALUES ('schema_version', ?1), ('revision', 0) "
                    + "ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE key = 'schema_version'",
                [Self.schemaVersion.databaseValue]
            )
        }
    }

    /// The migrations in order: the one at index `i` takes the schema from version `i` to `i + 1`.
    private static let migrations = [version1, version2]

    /// Version 1: sessions, refresh tokens (by keyed hash) and the revocation log.
    private static let version1 = [
        """
        CREATE TABLE IF NOT EXISTS tessera_families (
            id TEXT PRIMARY KEY NOT NULL,
            subject TEXT NOT NULL,
            created_at REAL NOT NULL,
            expires_at REAL NOT NULL,
            revoked_at REAL
        ) STRICT, WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS tessera_families_subject ON tessera_families (subject)",
        """
        CREATE TABLE IF NOT EXISTS tessera_refresh_tokens (
            hash BLOB PRIMARY KEY NOT NULL,
            family_id TEXT NOT NULL REFERENCES tessera_families (id) ON DELETE CASCADE,
            expires_at REAL NOT NULL,
            used_at REAL
        ) STRICT, WITHOUT ROWID
        """,
        "CREATE INDEX IF NOT EXISTS tessera_refresh_tokens_family ON tessera_refresh_tokens (family_id)",
        """
        CREATE TABLE IF NOT EXISTS tessera_revocations (
            revision INTEGER PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL,
            issuer TEXT,
            value TEXT,
            instant REAL,
            expires_at REAL
        ) STRICT
        """,
        "CREATE INDEX IF NOT EXISTS tessera_revocations_expiry ON tessera_revocations (expires_at)",
    ]

    /// Version 2: a spent refresh token names its successor, and a trigger stores the successor in the same
    /// statement, so a rotation is one statement, atomic on its own (see ``rotate(_:)``).
    private static let version2 = [
        "ALTER TABLE tessera_refresh_tokens ADD COLUMN successor BLOB",
        "ALTER TABLE tessera_refresh_tokens ADD COLUMN successor_expires_at REAL",
        """
        CREATE TRIGGER tessera_refresh_tokens_successor
        AFTER UPDATE OF successor ON tessera_refresh_tokens
        WHEN OLD.successor IS NULL AND NEW.successor IS NOT NULL
        BEGIN
            INSERT INTO tessera_refresh_tokens (hash, family_id, expires_at, used_at, successor, successor_expires_at)
            VALUES (NEW.successor, NEW.family_id, NEW.successor_expires_at, NULL, NULL, NULL);
        END
        """,
    ]

    // MARK: - Sessions

    /// Records a new session with its first refresh token, in one transaction.
    ///
    /// - Parameters:
    ///   - family: The session.
    ///   - firstToken: The keyed hash of its first refresh token.
    ///   - tokenExpiry: When that token lapses if unused; capped at the session's end.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for strings holding U+0000 or NaN instants;
    ///   ``TesseraError/Code/storeUnavailable``, e.g. when the session id or token hash is already stored.
    public func createFamily(
        _ family: SessionFamily,
        firstToken: RefreshTokenHash,
        tokenExpiry: Date
    ) async throws(TesseraError) {
        let familyBinds = [
            try Self.text(family.id, "the session id"),
            try Self.text(family.subject, "the subject"),
            try Self.instant(family.createdAt, "the session's start"),
            try Self.instant(family.expiresAt, "the session's end"),
            try family.revokedAt.map { (instant) throws(TesseraError) in
                try Self.instant(instant, "the session's revocation instant")
            } ?? .null,
        ]
        let tokenBinds = [
            Self.blob(firstToken),
            familyBinds[0],
            try Self.instant(min(tokenExpiry, family.expiresAt), "the token's expiry"),
        ]
        try await withConnection("creating a session", .write) { transaction in
            do {
                try transaction.query(
                    """
                    INSERT INTO tessera_families (id, subject, created_at, expires_at, revoked_at)
                    VALUES (?1, ?2, ?3, ?4, ?5)
                    """,
                    familyBinds
                )
            } catch  where Self.isDuplicate(error) {
                throw TesseraError(
                    .storeUnavailable,
                    "creating a session: a session with this id is already stored; session ids must be unique"
                )
            }
            do {
                try transaction.query(Self.insertToken, tokenBinds)
            } catch  where Self.isDuplicate(error) {
                throw TesseraError(
                    .storeUnavailable,
                    "creating a session: its first refresh token's hash is already stored"
                )
            }
        }
    }

    /// Revokes one live session and writes a ``Revocation/session(id:until:)`` entry, in one transaction.
    ///
    /// - Parameters:
    ///   - id: The session id.
    ///   - at: The revocation instant.
    ///   - accessTokensUntil: Until when the session entry stays on the list.
    /// - Returns: `false` when no session has that id or it was already revoked.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for an id holding U+0000 or NaN instants;
    ///   ``TesseraError/Code/storeUnavailable``.
    public func revokeFamily(id: String, at: Date, accessTokensUntil: Date) async throws(TesseraError) -> Bool {
        let binds = [try Self.instant(at, "the revocation instant"), try Self.text(id, "the session id")]
        let entry = Revocation.session(id: id, until: accessTokensUntil)
        _ = try Self.encode(entry)
        let revoked = try await withConnection("revoking a session", .write) { transaction in
            let rows = try transaction.query(
                "UPDATE tessera_families SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL RETURNING id",
                binds
            )
            guard !rows.isEmpty else { return false }
            try Self.append([entry], to: transaction)
            return true
        }
        if revoked { signalChange() }
        return revoked
    }

    /// The sessions of one subject, newest first.
    ///
    /// - Parameter subject: The subject, compared byte for byte.
    /// - Returns: Its sessions, live or revoked.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for a subject holding U+0000;
    ///   ``TesseraError/Code/storeUnavailable``.
    public func families(subject: String) async throws(TesseraError) -> [SessionFamily] {
        let binds = [try Self.text(subject, "the subject")]
        return try await withConnection("listing a subject's sessions", .statement) { transaction in
            let rows = try transaction.query(
                """
                SELECT id, subject, created_at, expires_at, revoked_at FROM tessera_families
                WHERE subject = ?1 ORDER BY created_at DESC, id
                """,
                binds
            )
            var families: [SessionFamily] = []
            families.reserveCapacity(rows.count)
            for row in rows { families.append(try Self.family(row)) }
            return families
        }
    }

    /// Deletes, in one transaction: refresh tokens and sessions past their end (a session's tokens go with it);
    /// token and session entries more than ``RevocationList/retention`` past their `until` (a verifier may accept
    /// a token up to `exp` plus its leeway, at most that long); and superseded epochs, the subject epochs below
    /// their subject's latest and the global epochs below the latest (a list keeps only the latest per subject).
    ///
    /// - Parameter now: The current instant.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for a NaN instant; ``TesseraError/Code/storeUnavailable``.
    public func removeExpired(at now: Date) async throws(TesseraError) {
        let binds = [try Self.instant(now, "the current instant")]
        let horizon = [try Self.instant(now.addingTimeInterval(-RevocationList.retention), "the retention horizon")]
        try await withConnection("removing expired sessions and revocations", .write) { transaction in
            try transaction.query("DELETE FROM tessera_refresh_tokens WHERE expires_at < ?1", binds)
            try transaction.query("DELETE FROM tessera_families WHERE expires_at < ?1", binds)
            try transaction.query("DELETE FROM tessera_revocations WHERE expires_at < ?1", horizon)
            try transaction.query(
                """
                DELETE FROM tessera_revocations WHERE kind = 'subject' AND instant < (
                    SELECT max(latest.instant) FROM tessera_revocations AS latest
                    WHERE latest.kind = 'subject' AND latest.value = tessera_revocations.value
                )
                """
            )
            try transaction.query(
                """
                DELETE FROM tessera_revocations WHERE kind = 'all' AND instant < (
                    SELECT max(instant) FROM tessera_revocations WHERE kind = 'all'
                )
                """
            )
        }
    }

    // MARK: - Change signals

    /// Signals `.changed` after this store object commits revocations; there is no feed across processes, so other
    /// processes' revocations arrive through a monitor's polling. The stream finishes when the store closes.
    ///
    /// - Returns: A stream of signals; a slow consumer sees the latest signal, not every one.
    public func changes() -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: StoreChange.self,
            bufferingPolicy: .bufferingNewest(1)
        )
        let id = subscribers.withLock { state -> Int? in
            guard !state.isClosed else { return nil }
            state.nextID += 1
            state.continuations[state.nextID] = continuation
            return state.nextID
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.continuations.removeValue(forKey: id) }
        }
        return stream
    }

    /// Tells this process's subscribers that revocations were committed.
    func signalChange() {
        let open = subscribers.withLock { Array($0.continuations.values) }
        for continuation in open { continuation.yield(.changed) }
    }
}
#endif
