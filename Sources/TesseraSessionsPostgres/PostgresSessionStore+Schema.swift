#if PostgreSQL
import PostgresNIO
public import TesseraCore
import TesseraSessions

extension PostgresSessionStore {
    /// The schema version this library writes and reads.
    static let schemaVersion: Int64 = 1

    /// The key of the transaction-level advisory lock that serializes ``prepare()`` across nodes ("tessera1").
    static let migrationLock: Int64 = 0x7465_7373_6572_6131

    /// Creates the tables, or migrates them to this library's schema version, in one transaction that first takes
    /// an advisory lock: any number of nodes may call it at once, on every start.
    ///
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when the database cannot be reached or written, or holds a
    ///   schema newer than this library's.
    public func prepare() async throws(TesseraError) {
        try await perform("preparing the session tables") { [logger] connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS tessera_meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL)",
                logger: logger
            )
            let rows = try await connection.query(
                "SELECT value FROM tessera_meta WHERE key = 'schema_version'",
                logger: logger
            ).collect()
            let version = try rows.first?.decode(Int64.self) ?? 0
            guard version <= Self.schemaVersion else {
                throw TesseraError(
                    .storeUnavailable,
                    "the database holds schema version \(version), newer than this library's \(Self.schemaVersion)"
                )
            }
            guard version < Self.schemaVersion else { return }
            for step in Int(version)..<Int(Self.schemaVersion) {
                for statement in Self.migrations[step] { try await connection.query(statement, logger: logger) }
            }
            try await connection.query(
                """
                INSERT INTO tessera_meta (key, value) VALUES ('schema_version', \(Self.schemaVersion))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """,
                logger: logger
            )
        }
    }

    /// The statements that take the schema from version `n` to `n + 1`, at index `n`.
    private static let migrations: [[PostgresQuery]] = [
        // Version 1: sessions, refresh tokens (by keyed hash) and the revocation log with its revision counter.
        [
            """
            CREATE TABLE IF NOT EXISTS tessera_families (
                id TEXT PRIMARY KEY,
                subject TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL,
                expires_at DOUBLE PRECISION NOT NULL,
                revoked_at DOUBLE PRECISION NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS tessera_families_subject ON tessera_families (subject)",
            """
            CREATE TABLE IF NOT EXISTS tessera_refresh_tokens (
                hash BYTEA PRIMARY KEY,
                family_id TEXT NOT NULL REFERENCES tessera_families (id) ON DELETE CASCADE,
                expires_at DOUBLE PRECISION NOT NULL,
                used_at DOUBLE PRECISION NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS tessera_refresh_tokens_family ON tessera_refresh_tokens (family_id)",
            """
            CREATE TABLE IF NOT EXISTS tessera_revocations (
                revision BIGINT PRIMARY KEY,
                kind TEXT NOT NULL,
                issuer TEXT NULL,
                value TEXT NULL,
                instant DOUBLE PRECISION NULL,
                expires_at DOUBLE PRECISION NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS tessera_revocations_expiry ON tessera_revocations (expires_at)",
            "INSERT INTO tessera_meta (key, value) VALUES ('revision', 0) ON CONFLICT (key) DO NOTHING",
        ]
    ]
}
#endif
