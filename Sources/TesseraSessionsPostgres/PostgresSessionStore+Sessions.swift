#if PostgreSQL
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import PostgresNIO
public import TesseraCore
public import TesseraSessions

extension PostgresSessionStore {
    /// Records a new session with its first refresh token, in one statement.
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
        let id = try Self.text(family.id, "the session id")
        let subject = try Self.text(family.subject, "the subject")
        let createdAt = try Self.instant(family.createdAt, "the session's start")
        let expiresAt = try Self.instant(family.expiresAt, "the session's end")
        let revokedAt = try family.revokedAt.map { (instant) throws(TesseraError) in
            try Self.instant(instant, "the session's revocation instant")
        }
        let tokenExpiresAt = try Self.instant(min(tokenExpiry, family.expiresAt), "the token's expiry")
        let hash = Self.bytes(firstToken)
        try await perform("creating a session", transaction: false) { [logger] connection in
            // One statement is one transaction; the foreign key is checked at its end, after both inserts.
            _ = try await connection.query(
                """
                WITH family AS (
                    INSERT INTO tessera_families (id, subject, created_at, expires_at, revoked_at)
                    VALUES (\(id), \(subject), \(createdAt), \(expiresAt), \(revokedAt))
                    RETURNING id
                )
                INSERT INTO tessera_refresh_tokens (hash, family_id, expires_at, used_at)
                SELECT \(hash), id, \(tokenExpiresAt), NULL FROM family
                """,
                logger: logger
            )
        }
    }

    /// Revokes one live session and writes a ``Revocation/session(id:until:)`` entry, in one transaction that also
    /// notifies every node's ``changes()``.
    ///
    /// - Parameters:
    ///   - id: The session id.
    ///   - at: The revocation instant.
    ///   - accessTokensUntil: Until when the session entry stays on the list.
    /// - Returns: `false` when no session has that id or it was already revoked.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for an id holding U+0000 or NaN instants;
    ///   ``TesseraError/Code/storeUnavailable``.
    public func revokeFamily(id: String, at: Date, accessTokensUntil: Date) async throws(TesseraError) -> Bool {
        let id = try Self.text(id, "the session id")
        let revokedAt = try Self.instant(at, "the revocation instant")
        let entry = try Self.encode(.session(id: id, until: accessTokensUntil))
        return try await perform("revoking a session") { [logger] connection in
            let rows = try await connection.query(
                "UPDATE tessera_families SET revoked_at = \(revokedAt) WHERE id = \(id) AND revoked_at IS NULL RETURNING 1",
                logger: logger
            ).collect()
            guard !rows.isEmpty else { return false }
            try await Self.append([entry], on: connection, logger: logger)
            return true
        }
    }

    /// The sessions of one subject, newest first (ties by id).
    ///
    /// - Parameter subject: The subject, compared byte for byte.
    /// - Returns: Its sessions, live or revoked.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for a subject holding U+0000;
    ///   ``TesseraError/Code/storeUnavailable``.
    public func families(subject: String) async throws(TesseraError) -> [SessionFamily] {
        let subject = try Self.text(subject, "the subject")
        return try await perform("listing a subject's sessions", transaction: false) { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT id, subject, created_at, expires_at, revoked_at FROM tessera_families
                WHERE subject = \(subject) ORDER BY created_at DESC, id
                """,
                logger: logger
            ).collect()
            return try rows.map(Self.family)
        }
    }

    /// Deletes, in one transaction, refresh tokens and sessions past their end (a session's tokens go with it),
    /// token and session entries more than ``RevocationList/retention`` past their `until` (a token is accepted up
    /// to its `exp` plus the verifier's leeway), and superseded epochs: a subject's epochs below its latest, global
    /// epochs below the latest.
    ///
    /// - Parameter now: The current instant.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for a NaN instant; ``TesseraError/Code/storeUnavailable``.
    public func removeExpired(at now: Date) async throws(TesseraError) {
        let now = try Self.instant(now, "the current instant")
        let horizon = now - RevocationList.retention
        try await perform("removing expired sessions and revocations") { [logger] connection in
            try await connection.query("DELETE FROM tessera_refresh_tokens WHERE expires_at < \(now)", logger: logger)
            try await connection.query("DELETE FROM tessera_families WHERE expires_at < \(now)", logger: logger)
            try await connection.query(
                "DELETE FROM tessera_revocations WHERE expires_at < \(horizon)",
                logger: logger
            )
            try await connection.query(
                """
                DELETE FROM tessera_revocations AS r
                USING (
                    SELECT value, max(instant) AS latest FROM tessera_revocations WHERE kind = 'subject' GROUP BY value
                ) AS latest
                WHERE r.kind = 'subject' AND r.value = latest.value AND r.instant < latest.latest
                """,
                logger: logger
            )
            try await connection.query(
                """
                DELETE FROM tessera_revocations
                WHERE kind = 'all' AND instant < (SELECT max(instant) FROM tessera_revocations WHERE kind = 'all')
                """,
                logger: logger
            )
        }
    }
}
#endif
