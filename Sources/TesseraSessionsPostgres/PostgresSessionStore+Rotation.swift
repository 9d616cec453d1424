#if PostgreSQL
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PostgresNIO
public import TesseraCore
public import TesseraSessions

extension PostgresSessionStore {
    /// Spends a refresh token and stores its successor, so that of any number of concurrent rotations of one token,
    /// from any number of nodes, exactly one returns ``RotationOutcome/rotated(_:)`` and one successor is stored.
    ///
    /// In order: an unknown token is ``RotationOutcome/unknown``; a revoked session
    /// ``RotationOutcome/revoked(_:)``; a spent token (even an expired one) revokes its session and writes a
    /// ``Revocation/session(id:until:)`` entry lasting the access-token lifetime, ``RotationOutcome/reused(_:)``,
    /// and notifies every node's ``changes()``; a token or session past its end ``RotationOutcome/expired``;
    /// otherwise the token is spent and the successor stored, expiring at `successorExpiry` capped at the session's
    /// end.
    ///
    /// Every path locks the token's row and its session's row first (`SELECT ... FOR UPDATE`), so rotations of one
    /// token serialize. The common case takes one round trip: a single statement (one transaction) that locks the
    /// rows and, when the token is live and unspent, spends it and inserts the successor. It writes nothing
    /// otherwise; a spent token then goes to a transaction that locks the rows again and decides every step itself,
    /// revoking the session in the same transaction that saw the token spent.
    ///
    /// - Parameter request: The presented token's hash, the successor's hash and the instants involved.
    /// - Returns: What happened.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for NaN instants; ``TesseraError/Code/storeUnavailable``.
    public func rotate(_ request: RotationRequest) async throws(TesseraError) -> RotationOutcome {
        let now = try Self.instant(request.now, "the rotation instant")
        let successorExpiry = try Self.instant(request.successorExpiry, "the successor's expiry")
        let accessTokensUntil = request.now.addingTimeInterval(request.accessTokenLifetime)
        _ = try Self.instant(accessTokensUntil, "the access tokens' end")
        let presented = Self.bytes(request.presented)
        let successor = Self.bytes(request.successor)
        let decided = try await perform("rotating a refresh token", transaction: false) {
            [logger] connection -> RotationOutcome? in
            // Concurrent statements wait on the row locks and then see the winner's committed row (READ COMMITTED
            // rechecks locked rows), so `spent` updates the token at most once.
            let rows = try await connection.query(
                """
                WITH target AS (
                    SELECT t.hash, f.id, f.subject, f.created_at, f.expires_at, f.revoked_at,
                        t.expires_at AS token_expires_at, t.used_at
                    FROM tessera_refresh_tokens AS t JOIN tessera_families AS f ON f.id = t.family_id
                    WHERE t.hash = \(presented)
                    FOR UPDATE
                ),
                spent AS (
                    UPDATE tessera_refresh_tokens AS t SET used_at = \(now)
                    FROM target
                    WHERE t.hash = target.hash AND t.used_at IS NULL AND target.used_at IS NULL
                        AND target.revoked_at IS NULL
                        AND \(now) < target.token_expires_at AND \(now) < target.expires_at
                    RETURNING t.family_id, target.expires_at
                ),
                successor AS (
                    INSERT INTO tessera_refresh_tokens (hash, family_id, expires_at, used_at)
                    SELECT \(successor), family_id, LEAST(\(successorExpiry), expires_at), NULL FROM spent
                    RETURNING 1
                )
                SELECT id, subject, created_at, expires_at, revoked_at, token_expires_at, used_at,
                    (SELECT count(*) FROM successor)
                FROM target
                """,
                logger: logger
            ).collect()
            guard let row = rows.first else { return .unknown }
            let (id, subject, createdAt, familyExpiresAt, revokedAt, tokenExpiresAt, usedAt, successors) =
                try row.decode((String, String, Double, Double, Double?, Double, Double?, Int64).self)
            let family = Self.session(id, subject, createdAt, familyExpiresAt, revokedAt)
            if revokedAt != nil { return .revoked(family) }
            if usedAt != nil { return nil }
            if now >= tokenExpiresAt || now >= familyExpiresAt { return .expired }
            return successors == 1 ? .rotated(family) : nil
        }
        if let decided { return decided }
        return try await rotateSpent(request, now: now, accessTokensUntil: accessTokensUntil)
    }

    /// The rotation of a token found spent: one transaction that locks the rows again and runs every step, so the
    /// session is revoked in the transaction that saw the token spent.
    private func rotateSpent(
        _ request: RotationRequest,
        now: Double,
        accessTokensUntil: Date
    ) async throws(TesseraError) -> RotationOutcome {
        let presented = Self.bytes(request.presented)
        let successor = Self.bytes(request.successor)
        let successorExpiry = request.successorExpiry.timeIntervalSince1970
        return try await perform("rotating a refresh token") { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT f.id, f.subject, f.created_at, f.expires_at, f.revoked_at, t.expires_at, t.used_at
                FROM tessera_refresh_tokens AS t JOIN tessera_families AS f ON f.id = t.family_id
                WHERE t.hash = \(presented)
                FOR UPDATE
                """,
                logger: logger
            ).collect()
            guard let row = rows.first else { return RotationOutcome.unknown }
            let (id, subject, createdAt, familyExpiresAt, revokedAt, tokenExpiresAt, usedAt) = try row.decode(
                (String, String, Double, Double, Double?, Double, Double?).self
            )
            var family = Self.session(id, subject, createdAt, familyExpiresAt, revokedAt)
            if revokedAt != nil { return .revoked(family) }
            if usedAt == nil {
                if now >= tokenExpiresAt || now >= familyExpiresAt { return .expired }
                let spent = try await connection.query(
                    """
                    WITH spent AS (
                        UPDATE tessera_refresh_tokens SET used_at = \(now)
                        WHERE hash = \(presented) AND used_at IS NULL
                        RETURNING family_id
                    )
                    INSERT INTO tessera_refresh_tokens (hash, family_id, expires_at, used_at)
                    SELECT \(successor), family_id, \(min(successorExpiry, familyExpiresAt)), NULL FROM spent
                    RETURNING 1
                    """,
                    logger: logger
                ).collect()
                // Always spent under the row lock; were it not, the token was spent meanwhile: a reuse.
                if !spent.isEmpty { return .rotated(family) }
            }
            try await connection.query(
                "UPDATE tessera_families SET revoked_at = \(now) WHERE id = \(family.id) AND revoked_at IS NULL",
                logger: logger
            )
            try await Self.append(
                [try Self.encode(.session(id: family.id, until: accessTokensUntil))],
                on: connection,
                logger: logger
            )
            family.revokedAt = request.now
            return .reused(family)
        }
    }
}
#endif
