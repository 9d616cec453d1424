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
    /// The channel revocation-writing transactions notify and ``changes()`` listens on.
    static let channel = "tessera_revocations"

    /// Adds revocation entries in one transaction; a session entry also revokes that session if it is unrevoked
    /// (as ``revokeFamily(id:at:accessTokensUntil:)`` does, so refreshing it stops too), a subject epoch that
    /// subject's unrevoked sessions created before it, a global epoch every unrevoked session created before it.
    /// The transaction notifies every node's ``changes()``.
    ///
    /// - Parameters:
    ///   - revocations: The entries; none is a no-op.
    ///   - at: The instant they are made, recorded as the sessions' revocation instant.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for strings holding U+0000 or NaN instants;
    ///   ``TesseraError/Code/storeUnavailable``.
    public func revoke(_ revocations: [Revocation], at: Date) async throws(TesseraError) {
        guard !revocations.isEmpty else { return }
        let revokedAt = try Self.instant(at, "the revocation instant")
        var entries: [EncodedRevocation] = []
        entries.reserveCapacity(revocations.count)
        for revocation in revocations { entries.append(try Self.encode(revocation)) }
        try await perform("writing revocations") { [logger, entries] connection in
            // Session rows first, the revision counter last: the lock order every transaction follows.
            for revocation in revocations {
                switch revocation {
                case .subject(let subject, let before):
                    try await connection.query(
                        """
                        UPDATE tessera_families SET revoked_at = \(revokedAt)
                        WHERE subject = \(subject) AND revoked_at IS NULL AND created_at < \(before.timeIntervalSince1970)
                        """,
                        logger: logger
                    )
                case .all(let before):
                    try await connection.query(
                        """
                        UPDATE tessera_families SET revoked_at = \(revokedAt)
                        WHERE revoked_at IS NULL AND created_at < \(before.timeIntervalSince1970)
                        """,
                        logger: logger
                    )
                case .session(let id, _):
                    try await connection.query(
                        "UPDATE tessera_families SET revoked_at = \(revokedAt) WHERE id = \(id) AND revoked_at IS NULL",
                        logger: logger
                    )
                case .token, .keyID:
                    break
                }
            }
            try await Self.append(entries, on: connection, logger: logger)
        }
    }

    /// Every live entry, read in one statement (one snapshot), when `cursor` is `nil`; else the entries written
    /// after it.
    ///
    /// - Parameter cursor: The cursor of an earlier batch, or `nil`.
    /// - Returns: A full read: the entries not more than ``RevocationList/retention`` past their `until` (a token
    ///   is accepted up to its `exp` plus the verifier's leeway), oldest first, with the current revision as
    ///   cursor and `isComplete` set. After a cursor: every entry with a higher revision, in revision order, with
    ///   the highest as cursor (or `cursor` when there is none). Revisions commit in order, so a reader that saw
    ///   revision N has seen every revision below it.
    /// - Throws: ``TesseraError/Code/storeUnavailable``, also when an entry is malformed or the schema missing.
    public func revocations(after cursor: RevocationCursor?) async throws(TesseraError) -> RevocationBatch {
        guard let cursor else {
            let horizon = Date().timeIntervalSince1970 - RevocationList.retention
            return try await perform("reading the revocation list", transaction: false) { [logger] connection in
                let rows = try await connection.query(
                    """
                    SELECT m.value, r.revision, r.kind, r.issuer, r.value, r.instant
                    FROM tessera_meta AS m LEFT JOIN tessera_revocations AS r
                        ON r.expires_at IS NULL OR r.expires_at >= \(horizon)
                    WHERE m.key = 'revision'
                    ORDER BY r.revision
                    """,
                    logger: logger
                ).collect()
                guard let first = rows.first else {
                    throw TesseraError(
                        .storeUnavailable,
                        "the database has no revision counter; call prepare() before reading revocations"
                    )
                }
                var entries: [Revocation] = []
                entries.reserveCapacity(rows.count)
                for row in rows {
                    let (_, revision, kind, issuer, value, instant) = try row.decode(
                        (Int64, Int64?, String?, String?, String?, Double?).self
                    )
                    guard let revision, let kind else { continue }
                    entries.append(try Self.decode(revision, kind, issuer, value, instant))
                }
                return RevocationBatch(
                    entries: entries,
                    cursor: RevocationCursor(revision: try first.decode(Int64.self)),
                    isComplete: true
                )
            }
        }
        return try await perform("reading new revocations", transaction: false) { [logger] connection in
            let rows = try await connection.query(
                """
                SELECT revision, kind, issuer, value, instant FROM tessera_revocations
                WHERE revision > \(cursor.revision) ORDER BY revision
                """,
                logger: logger
            ).collect()
            var entries: [Revocation] = []
            entries.reserveCapacity(rows.count)
            var last = cursor
            for row in rows {
                let (revision, kind, issuer, value, instant) = try row.decode(
                    (Int64, String, String?, String?, Double?).self
                )
                entries.append(try Self.decode(revision, kind, issuer, value, instant))
                last = RevocationCursor(revision: revision)
            }
            return RevocationBatch(entries: entries, cursor: last, isComplete: false)
        }
    }

    // MARK: - Log rows

    /// An entry's `kind`, `issuer`, `value`, `instant` and `expires_at` columns.
    struct EncodedRevocation: Sendable {
        var kind: String
        var issuer: String?
        var value: String?
        var instant: Double?
        var expiresAt: Double?
    }

    /// An entry as its columns.
    ///
    /// - Parameter revocation: The entry.
    /// - Returns: The columns.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for a string holding U+0000 or a NaN instant.
    static func encode(_ revocation: Revocation) throws(TesseraError) -> EncodedRevocation {
        switch revocation {
        case .token(let issuer, let id, let until):
            let until = try instant(until, "a token revocation's end")
            return EncodedRevocation(
                kind: "token",
                issuer: try issuer.map { (issuer) throws(TesseraError) in try text(issuer, "an issuer") },
                value: try text(id, "a token id"),
                instant: until,
                expiresAt: until
            )
        case .session(let id, let until):
            let until = try instant(until, "a session revocation's end")
            return EncodedRevocation(
                kind: "session",
                value: try text(id, "a session id"),
                instant: until,
                expiresAt: until
            )
        case .subject(let subject, let before):
            return EncodedRevocation(
                kind: "subject",
                value: try text(subject, "a subject"),
                instant: try instant(before, "a subject epoch")
            )
        case .keyID(let keyID):
            return EncodedRevocation(kind: "key", value: try text(keyID, "a key id"))
        case .all(let before):
            return EncodedRevocation(kind: "all", instant: try instant(before, "a global epoch"))
        }
    }

    /// Allocates revisions for `entries`, last in the transaction, inserts them in one statement and notifies
    /// ``channel`` (delivered at commit).
    ///
    /// The counter's row stays locked until commit, so transactions that write revocations commit in revision
    /// order. The columns travel as arrays; a missing string is marked in a parallel array of flags, a missing
    /// instant as NaN (which ``instant(_:_:)`` refuses as input).
    ///
    /// - Parameters:
    ///   - entries: The encoded entries, at least one.
    ///   - connection: A connection in an open transaction.
    ///   - logger: The query logger.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when there is no revision counter; the driver's error.
    static func append(_ entries: [EncodedRevocation], on connection: PostgresConnection, logger: Logger) async throws {
        let count = Int64(entries.count)
        let counter = try await connection.query(
            "UPDATE tessera_meta SET value = value + \(count) WHERE key = 'revision' RETURNING value",
            logger: logger
        ).collect()
        guard let row = counter.first else {
            throw TesseraError(
                .storeUnavailable,
                "the database has no revision counter; call prepare() before writing revocations"
            )
        }
        let firstRevision = try row.decode(Int64.self) - count + 1
        let kinds = entries.map(\.kind)
        let issuers = entries.map { $0.issuer ?? "" }
        let hasIssuer = entries.map { $0.issuer != nil }
        let values = entries.map { $0.value ?? "" }
        let hasValue = entries.map { $0.value != nil }
        let instants = entries.map { $0.instant ?? .nan }
        let expiries = entries.map { $0.expiresAt ?? .nan }
        try await connection.query(
            """
            INSERT INTO tessera_revocations (revision, kind, issuer, value, instant, expires_at)
            SELECT \(firstRevision) + e.position - 1, e.kind,
                CASE WHEN e.has_issuer THEN e.issuer END, CASE WHEN e.has_value THEN e.value END,
                NULLIF(e.instant, 'NaN'), NULLIF(e.expires_at, 'NaN')
            FROM unnest(\(kinds), \(issuers), \(hasIssuer), \(values), \(hasValue), \(instants), \(expiries))
                WITH ORDINALITY AS e(kind, issuer, has_issuer, value, has_value, instant, expires_at, position)
            """,
            logger: logger
        )
        try await connection.query("SELECT pg_notify(\(channel), '')", logger: logger)
    }

    /// A log row as an entry.
    ///
    /// - Throws: ``TesseraError/Code/storeUnavailable`` for a row of unknown kind or with a missing column: the list
    ///   would otherwise be silently incomplete.
    static func decode(
        _ revision: Int64,
        _ kind: String,
        _ issuer: String?,
        _ value: String?,
        _ instant: Double?
    ) throws(TesseraError) -> Revocation {
        switch (kind, value, instant) {
        case ("token", let id?, let until?): return .token(issuer: issuer, id: id, until: date(until))
        case ("session", let id?, let until?): return .session(id: id, until: date(until))
        case ("subject", let subject?, let before?): return .subject(subject, before: date(before))
        case ("key", let keyID?, _): return .keyID(keyID)
        case ("all", _, let before?): return .all(before: date(before))
        case ("token", _, _), ("session", _, _), ("subject", _, _), ("key", _, _), ("all", _, _):
            throw TesseraError(
                .storeUnavailable,
                "the revocation log's \(kind) entry at revision \(revision) lacks its value or instant"
            )
        default:
            throw TesseraError(
                .storeUnavailable,
                "the revocation log holds an entry of unknown kind \(TesseraError.quoted(kind)) at revision "
                    + "\(revision); a newer library version may have written it"
            )
        }
    }
}
#endif
