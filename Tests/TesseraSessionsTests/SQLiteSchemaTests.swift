#if SQLite
import Foundation
import SQLiteNIO
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

        let old = try await SQLiteConnection.open(storage: .file(path: path))
        for statement in Self.version1 { _ = try await old.query(statement, []) }
        _ = try await old.query(
            "INSERT INTO tessera_families VALUES ('s-1', 'user-1', ?1, ?2, NULL)",
            [.float(now.timeIntervalSince1970), .float(session.expiresAt.timeIntervalSince1970)]
        )
        _ = try await old.query(
            "INSERT INTO tessera_refresh_tokens VALUES (?1, 's-1', ?2, NULL)",
            [.blob(ByteBuffer(bytes: first.bytes)), .float((now + 3600).timeIntervalSince1970)]
        )
        try await old.close()

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

        let check = try await SQLiteConnection.open(storage: .file(path: path))
        let version = try await check.query("SELECT value FROM tessera_meta WHERE key = 'schema_version'", [])
        #expect(version.first?.column("value")?.integer == 2)
        let tokens = try await check.query("SELECT count(*) AS n FROM tessera_refresh_tokens", [])
        #expect(tokens.first?.column("n")?.integer == 2)
        try await check.close()
    }

    @Test("A file of a newer schema version is refused, not changed")
    func newerVersionRefused() async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("tessera-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sessions.sqlite").path
        let newer = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await newer.query(Self.version1[0], [])
        _ = try await newer.query("INSERT INTO tessera_meta (key, value) VALUES ('schema_version', 99)", [])
        try await newer.close()

        let store = try await SQLiteSessionStore.open(path: path)
        await #expect(throws: TesseraError(.storeUnavailable, "")) { try await store.prepare() }
        await store.close()
    }
}
#endif
