#if SQLite
#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import GRDB
public import TesseraCore
public import TesseraSessions

extension SQLiteSessionStore {
    /// Adds revocation entries in one transaction; a session entry also revokes that session if it is unrevoked (so
    /// that it can no longer be refreshed, like ``revokeFamily(id:at:accessTokensUntil:)``), a subject epoch that
    /// subject's unrevoked sessions created before it, a global epoch every unrevoked session created before it.
    /// This process's ``changes()`` subscribers are signalled after the commit.
    ///
    /// - Parameters:
    ///   - revocations: The entries; none is a no-op.
    ///   - at: The instant they are made, recorded as the sessions' revocation instant.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for strings holding U+0000 or NaN instants;
    ///   ``TesseraError/Code/storeUnavailable``.
    public func revoke(_ revocations: [Revocation], at: Date) async throws(TesseraError) {
        guard !revocations.isEmpty else { return }
        let revokedAt = try Self.instant(at, "the revocation instant")
        for revocation in revocations { _ = try Self.encode(revocation) }
        try await withConnection("writing revocations", .write) { transaction in
            // Session rows first, the revision counter last: the lock order every transaction follows.
            for revocation in revocations {
                switch revocation {
                case .subject(let subject, let before):
                    try transaction.query(
                        """
                        UPDATE tessera_families SET revoked_at = ?1
                        WHERE subject = ?2 AND revoked_at IS NULL AND created_at < ?3
                        """,
                        [revokedAt, subject.databaseValue, before.timeIntervalSince1970.databaseValue]
                    )
                case .all(let before):
                    try transaction.query(
                        "UPDATE tessera_families SET revoked_at = ?1 WHERE revoked_at IS NULL AND created_at < ?2",
                        [revokedAt, before.timeIntervalSince1970.databaseValue]
                    )
                case .session(let id, _):
                    try transaction.query(
                        "UPDATE tessera_families SET revoked_at = ?1 WHERE id = ?2 AND revoked_at IS NULL",
                        [revokedAt, id.databaseValue]
                    )
                case .token, .keyID:
                    break
                }
            }
            try Self.append(revocations, to: transaction)
        }
        signalChange()
    }

    /// Every live entry (a full read, in one snapshot) when `cursor` is `nil`, else the entries written after it.
    ///
    /// - Parameter cursor: The cursor of an earlier batch, or `nil`.
    /// - Returns: A full read: the entries not yet ``RevocationList/retention`` past their `until` (a verifier may
    ///   accept a token up to `exp` plus its leeway), oldest first, with the current revision as cursor and
    ///   `isComplete` set. After a cursor: every entry with a higher revision, in revision order, with
    ///   the highest as cursor (or `cursor` when there is none).
    /// - Throws: ``TesseraError/Code/storeUnavailable``, also when an entry is malformed.
    public func revocations(after cursor: RevocationCursor?) async throws(TesseraError) -> RevocationBatch {
        guard let cursor else {
            let horizon = Date().timeIntervalSince1970 - RevocationList.retention
            return try await withConnection("reading the revocation list", .read) { transaction in
                let head = try transaction.query("SELECT value FROM tessera_meta WHERE key = 'revision'")
                let rows = try transaction.query(
                    """
                    SELECT revision, kind, issuer, value, instant FROM tessera_revocations
                    WHERE expires_at IS NULL OR expires_at >= ?1 ORDER BY revision
                    """,
                    [horizon.databaseValue]
                )
                guard let revision = head.first else {
                    throw TesseraError(
                        .storeUnavailable,
                        "the database has no revision counter; call prepare() before reading revocations"
                    )
                }
                return RevocationBatch(
                    entries: try Self.decode(rows),
                    cursor: RevocationCursor(revision: try Self.requiredInteger(revision, "value")),
                    isComplete: true
                )
            }
        }
        return try await withConnection("reading new revocations", .statement) { transaction in
            let rows = try transaction.query(
                """
                SELECT revision, kind, issuer, value, instant FROM tessera_revocations
                WHERE revision > ?1 ORDER BY revision
                """,
                [cursor.revision.databaseValue]
            )
            let last = try rows.last.map { (row) throws(TesseraError) in try Self.requiredInteger(row, "revision") }
            return RevocationBatch(
                entries: try Self.decode(rows),
                cursor: last.map(RevocationCursor.init(revision:)) ?? cursor,
                isComplete: false
            )
        }
    }

    // MARK: - Log rows

    /// The rows of one insert statement: 6 parameters each, well under SQLite's limit of 32,766.
    private static let rowsPerInsert = 256

    /// Allocates revisions for `revocations`, last in the transaction, and inserts them.
    ///
    /// - Parameters:
    ///   - revocations: The entries, at least one.
    ///   - transaction: An open write transaction.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for an entry the store cannot hold; the driver's error.
    static func append(_ revocations: [Revocation], to transaction: SQLiteTransaction) throws {
        var encoded: [[DatabaseValue]] = []
        encoded.reserveCapacity(revocations.count)
        for revocation in revocations { encoded.append(try encode(revocation)) }
        let counter = try transaction.query(
            "UPDATE tessera_meta SET value = value + ?1 WHERE key = 'revision' RETURNING value",
            [encoded.count.databaseValue]
        )
        guard let row = counter.first else {
            throw TesseraError(
                .storeUnavailable,
                "the database has no revision counter; call prepare() before writing revocations"
            )
        }
        var revision = try requiredInteger(row, "value") - Int64(encoded.count)
        var start = 0
        while start < encoded.count {
            let chunk = encoded[start..<min(start + rowsPerInsert, encoded.count)]
            var binds: [DatabaseValue] = []
            binds.reserveCapacity(chunk.count * 6)
            for entry in chunk {
                revision += 1
                binds.append(revision.databaseValue)
                binds.append(contentsOf: entry)
            }
            let values = repeatElement("(?, ?, ?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            // Not cached: the text varies with the chunk's size.
            try transaction.database.execute(
                sql:
                    "INSERT INTO tessera_revocations (revision, kind, issuer, value, instant, expires_at) VALUES \(values)",
                arguments: StatementArguments(binds)
            )
            start += chunk.count
        }
    }

    /// An entry's `kind`, `issuer`, `value`, `instant` and `expires_at` columns.
    ///
    /// - Parameter revocation: The entry.
    /// - Returns: The five binds.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for a string holding U+0000 or a NaN instant.
    static func encode(_ revocation: Revocation) throws(TesseraError) -> [DatabaseValue] {
        switch revocation {
        case .token(let issuer, let id, let until):
            let until = try instant(until, "a token revocation's end")
            return [
                "token".databaseValue,
                try issuer.map { (issuer) throws(TesseraError) in try text(issuer, "an issuer") } ?? .null,
                try text(id, "a token id"), until, until,
            ]
        case .session(let id, let until):
            let until = try instant(until, "a session revocation's end")
            return ["session".databaseValue, .null, try text(id, "a session id"), until, until]
        case .subject(let subject, let before):
            return [
                "subject".databaseValue, .null, try text(subject, "a subject"), try instant(before, "a subject epoch"),
                .null,
            ]
        case .keyID(let keyID):
            return ["key".databaseValue, .null, try text(keyID, "a key id"), .null, .null]
        case .all(let before):
            return ["all".databaseValue, .null, .null, try instant(before, "a global epoch"), .null]
        }
    }

    /// Log rows (`revision`, `kind`, `issuer`, `value`, `instant`) as entries.
    ///
    /// - Parameter rows: The rows.
    /// - Returns: The entries, in row order.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` for a row of unknown kind or with a missing column: the list
    ///   would otherwise be silently incomplete.
    static func decode(_ rows: [Row]) throws(TesseraError) -> [Revocation] {
        var entries: [Revocation] = []
        entries.reserveCapacity(rows.count)
        for row in rows {
            let kind = try requiredText(row, "kind")
            switch kind {
            case "token":
                entries.append(
                    .token(
                        issuer: try optionalText(row, "issuer"),
                        id: try requiredText(row, "value"),
                        until: try requiredInstant(row, "instant")
                    )
                )
            case "session":
                entries.append(.session(id: try requiredText(row, "value"), until: try requiredInstant(row, "instant")))
            case "subject":
                entries.append(.subject(try requiredText(row, "value"), before: try requiredInstant(row, "instant")))
            case "key":
                entries.append(.keyID(try requiredText(row, "value")))
            case "all":
                entries.append(.all(before: try requiredInstant(row, "instant")))
            default:
                let revision = try requiredInteger(row, "revision")
                throw TesseraError(
                    .storeUnavailable,
                    "the revocation log holds an entry of unknown kind \"\(kind)\" at revision \(revision); "
                        + "a newer library version may have written it"
                )
            }
        }
        return entries
    }
}
#endif
