#if SQLite
import Foundation
import GRDB
import TesseraCore
import TesseraSessions
import TesseraSessionsSQLite
import Testing

/// Files written by an earlier version of the SQLite store are brought up to the current schema by `prepare()`.
@Suite("SQLite store schema migrations")
struct SQLiteSchemaTests {
    /// The tables of schema version 1, as its `prepare()` created them (refresh tokens without a successor).
    static let version1 = [
        """
        CREATE TABLE tessera_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER) STRICT, WITHOUT ROWID
        """,
        """
        CREATE TABLE tessera_families (id TEXT PRIMARY KEY NOT NULL, subject TEXT NOT NULL, created_at REAL NOT NULL,
            expires_at REAL NOT NULL, revoked_at REAL) STRICT, WITHOUT ROWID
        """,
        "CREATE INDEX tessera_families_subject ON tessera_families (subject)",
        """
        CREATE TABLE tessera_refresh_tokens (hash BLOB PRIMARY KEY NOT NULL,
            family_id TEXT NOT NULL REFERENCES tessera_families (id) ON DELETE CASCADE, expires_at REAL NOT NULL,
            used_at REAL) STRICT, WITHOUT ROWID
        """,
        "CREATE INDEX tessera_refresh_tokens_family ON tessera_refresh_tokens (family_id)",
        """
        CREATE TABLE tessera_revocations (revision INTEGER PRIMARY KEY NOT NULL, kind TEXT NOT NULL, issuer TEXT,
            value TEXT, instant REAL, expires_at REAL) STRICT
        """,
        "CREATE INDEX tessera_revocations_expiry ON tessera_revocations (expires_at)",
        "INSERT INTO tessera_meta (key, value) VALUES ('schema_version', 1), ('revision', 0)",
    ]

    @Test("A version 1 file with a live session: prepare() migrates it, its token rotates once, its reuse is caught")
    func migrateVersion1() async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tessera-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sessions.sqlite").path
        let key = try RefreshTokenKey.generate()
        let first = try key.hash(RefreshToken.generate())
        let now = Fixture.now
        let session = SessionFamily(id: "s-1", subject: "user-1", createdAt: now, expiresAt: now + 86_400)

        let old = try DatabaseQueue(path: path)
        try await old.writeWithoutTransaction { database in
            for statement in Self.version1 { try database.execute(sql: statement) }
            try database.execute(
                sql: "INSERT INTO tessera_families VALUES ('s-1', 'user-1', ?, ?, NULL)",
                arguments: [now.timeIntervalSince1970, session.expiresAt.timeIntervalSince1970]
            )
            try database.execute(
                sql: "INSERT INTO tessera_refresh_tokens VALUES (?, 's-1', ?, NULL)",
                arguments: [Data(first.bytes), (now + 3600).timeIntervalSince1970]
            )
        }
        try old.close()

        let store = try await SQLiteSessionStore.open(path: path)
        try await store.prepare()
        let rotation = RotationRequest(
            presented: first,
            successor: try key.hash(RefreshToken.generate()),
            now: now + 1,
            successorExpiry: now + 3600,
            accessTokenLifetime: 600
        )
        #expect(try await store.rotate(rotation) == .rotated(session))
        var revoked = session
        revoked.revokedAt = now + 2
        let replay = RotationRequest(
            presented: first,
            successor: try key.hash(RefreshToken.generate()),
            now: now + 2,
            successorExpiry: now + 3600,
            accessTokenLifetime: 600
        )
        #expect(try await store.rotate(replay) == .reused(revoked))
        try await store.prepare()
        await store.close()

        let check = try DatabaseQueue(path: path)
        try await check.read { database in
            let version = try Int.fetchOne(database, sql: "SELECT value FROM tessera_meta WHERE key = 'schema_version'")
            #expect(version == 2)
            #expect(try Int.fetchOne(database, sql: "SELECT count(*) FROM tessera_refresh_tokens") == 2)
        }
        try check.close()
    }

    @Test("A file of a newer schema version is refused, not changed")
    func newerVersionRefused() async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tessera-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sessions.sqlite").path
        let newer = try DatabaseQueue(path: path)
        try await newer.writeWithoutTransaction { database in
            try database.execute(sql: Self.version1[0])
            try database.execute(sql: "INSERT INTO tessera_meta (key, value) VALUES ('schema_version', 99)")
        }
        try newer.close()

        let store = try await SQLiteSessionStore.open(path: path)
        await #expect(throws: TesseraError(.storeUnavailable, "")) { try await store.prepare() }
        await store.close()
    }
}
#endif
