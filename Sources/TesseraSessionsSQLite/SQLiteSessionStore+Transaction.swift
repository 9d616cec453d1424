#if SQLite
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SQLiteNIO
import Synchronization
import TesseraCore
import TesseraSessions

/// The statements of one transaction (or one exclusive use) of the store's connection.
struct SQLiteTransaction {
    let connection: SQLiteConnection

    /// Runs one statement and collects its rows.
    ///
    /// This calls the connection's own async `query`, which runs the statement on the thread pool and resumes the
    /// caller directly, without the event-loop hops of the future-based protocol method.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement.
    ///   - binds: Its parameters, `?1` … in order.
    /// - Returns: The rows.
    /// - Throws: The driver's error.
    @discardableResult
    func query(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        let rows = RowCollector()
        try await connection.query(sql, binds) { rows.append($0) }
        return rows.rows
    }
}

/// Collects rows on the thread pool for the task that awaits the statement.
///
/// `@unchecked Sendable`: the rows are appended by the statement's work item before the awaiting task is resumed,
/// and read only after, so the accesses never overlap.
private final class RowCollector: @unchecked Sendable {
    private(set) var rows: [SQLiteRow] = []

    func append(_ row: SQLiteRow) { rows.append(row) }
}

extension SQLiteSessionStore {
    /// How a unit of work uses the connection.
    enum Access {
        /// One statement, in SQLite's own implicit transaction.
        case statement
        /// `BEGIN` … `COMMIT`: a consistent snapshot for several reads.
        case read
        /// `BEGIN IMMEDIATE` … `COMMIT`: the database's write lock from the first statement on.
        case write
    }

    /// Runs `body` with the connection to itself, inside a transaction unless `access` is `.statement`, rolling back
    /// on any error.
    ///
    /// The whole unit of work (waiting for the lock, `BEGIN`, the statements, `COMMIT` or `ROLLBACK`, releasing the
    /// lock) runs in an unstructured task, which does not inherit the caller's cancellation: the driver's async
    /// `query` throws `CancellationError` without running the statement when the calling task is cancelled, which
    /// would skip the `COMMIT` or `ROLLBACK` and leave the transaction open on the store's only connection. A
    /// cancelled caller therefore still waits for its unit to finish, and gets its outcome.
    ///
    /// - Parameters:
    ///   - activity: What is being done, the start of any error's reason.
    ///   - access: The kind of transaction.
    ///   - body: The statements.
    /// - Returns: What `body` returned, once committed.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` for a driver error or a closed store; a ``TesseraError``
    ///   that `body` throws, unchanged.
    func withConnection<Value: Sendable>(
        _ activity: String,
        _ access: Access,
        _ body: @escaping @Sendable (SQLiteTransaction) async throws -> Value
    ) async throws(TesseraError) -> Value {
        let unit = Task { await self.runUnit(activity, access, body) }
        return try await unit.value.get()
    }

    /// One unit of work of ``withConnection(_:_:_:)``, under the lock.
    ///
    /// - Parameters:
    ///   - activity: What is being done.
    ///   - access: The kind of transaction.
    ///   - body: The statements.
    /// - Returns: What `body` returned, once committed, or the error.
    private func runUnit<Value>(
        _ activity: String,
        _ access: Access,
        _ body: (SQLiteTransaction) async throws -> Value
    ) async -> Result<Value, TesseraError> {
        guard await lock.acquire() else {
            return .failure(TesseraError(.storeUnavailable, "\(activity): the store has been closed"))
        }
        let transaction = SQLiteTransaction(connection: connection)
        // A previous unit ended without its COMMIT or ROLLBACK running: its transaction may still be open, and this
        // unit would run inside it (a stale snapshot, or its uncommitted writes). Roll it back first; without an
        // open transaction, SQLite refuses the ROLLBACK harmlessly.
        if mayBeInTransaction.load(ordering: .acquiring) { await rollBack(transaction) }
        let outcome: Result<Value, TesseraError>
        do {
            switch access {
            case .statement:
                break
            case .read:
                mayBeInTransaction.store(true, ordering: .releasing)
                try await transaction.query("BEGIN")
            case .write:
                mayBeInTransaction.store(true, ordering: .releasing)
                try await transaction.query("BEGIN IMMEDIATE")
            }
            let value = try await body(transaction)
            if access != .statement {
                try await transaction.query("COMMIT")
                mayBeInTransaction.store(false, ordering: .releasing)
            }
            outcome = .success(value)
        } catch {
            // Some errors (a full disk, an I/O error) already rolled back; the ROLLBACK then fails harmlessly.
            if access != .statement { await rollBack(transaction) }
            outcome = .failure(Self.storeError(activity, error, busyTimeout: busyTimeout))
        }
        await lock.release()
        return outcome
    }

    /// Rolls back the open transaction, if any, and records whether one may still be open.
    ///
    /// - Parameter transaction: The connection.
    private func rollBack(_ transaction: SQLiteTransaction) async {
        do {
            try await transaction.query("ROLLBACK")
            mayBeInTransaction.store(false, ordering: .releasing)
        } catch is SQLiteError {
            // SQLite ran it and found no transaction to roll back ("no transaction is active").
            mayBeInTransaction.store(false, ordering: .releasing)
        } catch {
            // Not run (the thread pool refused it): the next unit rolls back first.
            mayBeInTransaction.store(true, ordering: .releasing)
        }
    }

    /// A driver error as a ``TesseraError``; a ``TesseraError`` passes through.
    ///
    /// - Parameters:
    ///   - activity: What was being done.
    ///   - error: The error caught.
    ///   - busyTimeout: How long SQLite waited for another connection's lock before giving up.
    /// - Returns: `storeUnavailable` with the activity and the driver's message (SQLite messages name tables and
    ///   constraints, never bound values, so no hash or secret can appear); for `SQLITE_BUSY` and `SQLITE_LOCKED`,
    ///   a message saying the database stayed locked for the busy timeout.
    static func storeError(_ activity: String, _ error: any Error, busyTimeout: Duration) -> TesseraError {
        if let error = error as? TesseraError { return error }
        if let error = error as? SQLiteError, isLocked(error) {
            let (seconds, attoseconds) = busyTimeout.components
            let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
            let waited =
                milliseconds <= 0
                ? "is locked by another process (the busy timeout is zero)"
                : milliseconds % 1000 == 0
                    ? "stayed locked by another process for \(milliseconds / 1000) s"
                    : "stayed locked by another process for \(milliseconds) ms"
            return TesseraError(
                .storeUnavailable,
                "\(activity): the database \(waited) (\(error)); retry later, and look for a process holding a "
                    + "long transaction on the file"
            )
        }
        return TesseraError(.storeUnavailable, "\(activity): \(error)")
    }

    /// Whether a driver error is `SQLITE_BUSY` or `SQLITE_LOCKED` (or one of their extended codes), that is, another
    /// connection held a lock past the busy timeout.
    ///
    /// - Parameter error: The error.
    /// - Returns: Whether the database was locked.
    private static func isLocked(_ error: SQLiteError) -> Bool {
        switch error.reason {
        case .busy, .busyTimeout, .busyInRecovery, .locked, .lockedBySharedCache, .lockedVirtualTable: true
        default: false
        }
    }
}

// MARK: - Values

extension SQLiteSessionStore {
    /// A string parameter, refused when it holds U+0000 (the PostgreSQL store cannot hold it, and SQLite text with
    /// it would read back cut short), so both stores behave alike.
    ///
    /// - Parameters:
    ///   - string: The value.
    ///   - what: What it is, for the error.
    /// - Returns: The bind.
    /// - Throws: ``TesseraError/Code/invalidConfiguration``.
    static func text(_ string: String, _ what: @autoclosure () -> String) throws(TesseraError) -> SQLiteData {
        .text(try StoredValue.text(string, what()))
    }

    /// An instant parameter: `timeIntervalSince1970` as a REAL; NaN is refused, since SQLite would store it as NULL.
    ///
    /// - Parameters:
    ///   - date: The instant.
    ///   - what: What it is, for the error.
    /// - Returns: The bind.
    /// - Throws: ``TesseraError/Code/invalidConfiguration``.
    static func instant(_ date: Date, _ what: @autoclosure () -> String) throws(TesseraError) -> SQLiteData {
        .float(try StoredValue.seconds(date, what()))
    }

    /// A refresh-token hash parameter, as a BLOB.
    ///
    /// - Parameter hash: The hash.
    /// - Returns: The bind.
    static func blob(_ hash: RefreshTokenHash) -> SQLiteData {
        .blob(ByteBuffer(bytes: hash.bytes))
    }

    /// A REAL column as an instant.
    ///
    /// - Parameters:
    ///   - row: The row.
    ///   - column: The column name.
    /// - Returns: The instant, or `nil` when the column is NULL.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when it holds something else than a number.
    static func optionalInstant(_ row: SQLiteRow, _ column: String) throws(TesseraError) -> Date? {
        switch row.column(column) {
        case .float(let seconds): return Date(timeIntervalSince1970: seconds)
        case .integer(let seconds): return Date(timeIntervalSince1970: Double(seconds))
        case .null: return nil
        default: throw malformed(column)
        }
    }

    /// A REAL column that must not be NULL, as an instant.
    ///
    /// - Parameters:
    ///   - row: The row.
    ///   - column: The column name.
    /// - Returns: The instant.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when it is NULL or not a number.
    static func requiredInstant(_ row: SQLiteRow, _ column: String) throws(TesseraError) -> Date {
        guard let instant = try optionalInstant(row, column) else { throw malformed(column) }
        return instant
    }

    /// A TEXT column, or `nil` when NULL.
    ///
    /// - Parameters:
    ///   - row: The row.
    ///   - column: The column name.
    /// - Returns: The text.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when it holds something else.
    static func optionalText(_ row: SQLiteRow, _ column: String) throws(TesseraError) -> String? {
        switch row.column(column) {
        case .text(let text): return text
        case .null: return nil
        default: throw malformed(column)
        }
    }

    /// A TEXT column that must not be NULL.
    ///
    /// - Parameters:
    ///   - row: The row.
    ///   - column: The column name.
    /// - Returns: The text.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when it is NULL or not text.
    static func requiredText(_ row: SQLiteRow, _ column: String) throws(TesseraError) -> String {
        guard let text = try optionalText(row, column) else { throw malformed(column) }
        return text
    }

    /// An INTEGER column that must not be NULL.
    ///
    /// - Parameters:
    ///   - row: The row.
    ///   - column: The column name.
    /// - Returns: The integer.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when it is NULL or not an integer.
    static func requiredInteger(_ row: SQLiteRow, _ column: String) throws(TesseraError) -> Int64 {
        guard case .integer(let value) = row.column(column) else { throw malformed(column) }
        return Int64(value)
    }

    /// A session row (`id`, `subject`, `created_at`, `expires_at`, `revoked_at`).
    ///
    /// - Parameter row: The row.
    /// - Returns: The session.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when a column is malformed.
    static func family(_ row: SQLiteRow) throws(TesseraError) -> SessionFamily {
        SessionFamily(
            id: try requiredText(row, "id"),
            subject: try requiredText(row, "subject"),
            createdAt: try requiredInstant(row, "created_at"),
            expiresAt: try requiredInstant(row, "expires_at"),
            revokedAt: try optionalInstant(row, "revoked_at")
        )
    }

    private static func malformed(_ column: String) -> TesseraError {
        TesseraError(.storeUnavailable, "the database holds a malformed value in column \(column)")
    }
}
#endif
