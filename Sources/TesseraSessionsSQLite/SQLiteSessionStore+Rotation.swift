#if SQLite
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB
public import TesseraCore
public import TesseraSessions

extension SQLiteSessionStore {
    /// Spends a refresh token and stores its successor atomically, so that of any number of concurrent rotations of
    /// one token, from this process or others sharing the file, exactly one returns ``RotationOutcome/rotated(_:)``
    /// and exactly one successor is stored.
    ///
    /// The common case is one statement in SQLite's implicit transaction, which takes the write lock before it reads,
    /// prepared once and kept in the connection's statement cache; when it spends nothing, a `BEGIN IMMEDIATE`
    /// transaction in the same unit of work tries again and finds out why. In order: an unknown token is
    /// ``RotationOutcome/unknown``; a revoked session ``RotationOutcome/revoked(_:)``; a spent token (even an expired
    /// one) revokes its session and writes a ``Revocation/session(id:until:)`` entry lasting the access-token
    /// lifetime, ``RotationOutcome/reused(_:)``; a token or session past its end ``RotationOutcome/expired``;
    /// otherwise the token is spent and the successor stored, expiring at `successorExpiry` capped at the session's
    /// end.
    ///
    /// - Parameter request: The presented token's hash, the successor's hash and the instants involved.
    /// - Returns: What happened.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for NaN instants; ``TesseraError/Code/storeUnavailable``,
    ///   also when the successor's hash is already stored (nothing is then changed). Only a session row that another
    ///   program corrupted can make the common case report `storeUnavailable` after its statement committed.
    public func rotate(_ request: RotationRequest) async throws(TesseraError) -> RotationOutcome {
        let spend = [
            try Self.instant(request.now, "the rotation instant"), Self.blob(request.presented),
            Self.blob(request.successor), try Self.instant(request.successorExpiry, "the successor's expiry"),
        ]
        _ = try Self.instant(request.now.addingTimeInterval(request.accessTokenLifetime), "the access tokens' end")
        let outcome = try await withConnection("rotating a refresh token", .statement) { transaction in
            if let family = try Self.spend(transaction, spend) { return RotationOutcome.rotated(family) }
            var outcome = RotationOutcome.unknown
            try transaction.database.inTransaction(.immediate) {
                outcome = try Self.diagnose(transaction, spend, request)
                return .commit
            }
            return outcome
        }
        if case .reused = outcome { signalChange() }
        return outcome
    }

    /// Under the write lock, spends the token if another connection's change since the first attempt now allows it,
    /// else finds out why nothing was spent.
    ///
    /// - Parameters:
    ///   - transaction: The connection, in a `BEGIN IMMEDIATE` transaction.
    ///   - spend: The binds of ``spend(_:_:)``.
    ///   - request: The rotation.
    /// - Returns: What happened.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` for a live token that could not be spent; the driver's error.
    private static func diagnose(
        _ transaction: SQLiteTransaction,
        _ spend: [DatabaseValue],
        _ request: RotationRequest
    ) throws -> RotationOutcome {
        if let family = try Self.spend(transaction, spend) { return .rotated(family) }

        // Nothing changed: find out why, in the order of the contract.
        let rows = try transaction.query(
            """
            SELECT t.expires_at AS token_expires_at, t.used_at,
                f.id, f.subject, f.created_at, f.expires_at, f.revoked_at
            FROM tessera_refresh_tokens AS t JOIN tessera_families AS f ON f.id = t.family_id
            WHERE t.hash = ?1
            """,
            [spend[1]]
        )
        guard let row = rows.first else { return .unknown }
        let family = try Self.family(row)
        if family.revokedAt != nil { return .revoked(family) }
        if try Self.optionalInstant(row, "used_at") != nil {
            return try Self.revokeReused(family, request, in: transaction)
        }
        let tokenExpiry = try Self.requiredInstant(row, "token_expires_at")
        if request.now >= tokenExpiry || request.now >= family.expiresAt { return .expired }
        // Unreachable under the write lock: the statement above would have spent this token. Roll back rather than
        // guess.
        throw TesseraError(.storeUnavailable, "rotating a refresh token: a live token could not be spent")
    }

    /// Spends the token if it is unspent and unexpired and its session live, naming its successor; the trigger
    /// `tessera_refresh_tokens_successor` stores the successor within the same statement, so both happen or
    /// neither does.
    ///
    /// - Parameters:
    ///   - transaction: The connection.
    ///   - binds: `?1` the instant, `?2` the presented hash, `?3` the successor's hash, `?4` its requested expiry.
    /// - Returns: The token's session, or `nil` when nothing was spent.
    private static func spend(_ transaction: SQLiteTransaction, _ binds: [DatabaseValue]) throws -> SessionFamily? {
        let spent = try transaction.query(
            """
            UPDATE tessera_refresh_tokens SET used_at = ?1, successor = ?3,
                successor_expires_at = min(?4, (SELECT expires_at FROM tessera_families WHERE id = family_id))
            WHERE hash = ?2 AND used_at IS NULL AND ?1 < expires_at AND EXISTS (
                SELECT 1 FROM tessera_families AS f
                WHERE f.id = family_id AND f.revoked_at IS NULL AND ?1 < f.expires_at
            )
            RETURNING family_id AS id,
                (SELECT subject FROM tessera_families WHERE id = family_id) AS subject,
                (SELECT created_at FROM tessera_families WHERE id = family_id) AS created_at,
                (SELECT expires_at FROM tessera_families WHERE id = family_id) AS expires_at,
                NULL AS revoked_at
            """,
            binds
        )
        guard let row = spent.first else { return nil }
        return try family(row)
    }

    /// Inserts an unspent refresh token: `?1` its hash, `?2` its session's id, `?3` its expiry.
    static let insertToken =
        "INSERT INTO tessera_refresh_tokens (hash, family_id, expires_at, used_at) VALUES (?1, ?2, ?3, NULL)"

    /// Revokes the session of a spent token presented again, and writes the session entry that takes back its
    /// access tokens.
    private static func revokeReused(
        _ family: SessionFamily,
        _ request: RotationRequest,
        in transaction: SQLiteTransaction
    ) throws -> RotationOutcome {
        var family = family
        if family.revokedAt == nil {
            try transaction.query(
                "UPDATE tessera_families SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
                [request.now.timeIntervalSince1970.databaseValue, family.id.databaseValue]
            )
            family.revokedAt = request.now
        }
        let until = request.now.addingTimeInterval(request.accessTokenLifetime)
        try append([.session(id: family.id, until: until)], to: transaction)
        return .reused(family)
    }
}
#endif
