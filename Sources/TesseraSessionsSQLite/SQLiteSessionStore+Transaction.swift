#if SQLite
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import GRDB
import Synchronization
import TesseraCore
import TesseraSessions

/// The statements of one unit of work on the store's connection.
struct SQLiteTransaction {
    let database: Database

    /// Runs one statement, prepared once per connection and kept in GRDB's statement cache, and collects its rows.
    ///
    /// - Parameters:
    ///   - sql: One SQL statement of a fixed text (the cache is keyed by it).
    ///   - binds: Its parameters, `?1` … in order.
    /// - Returns: The rows.
    /// - Throws: The driver's error.
    @discardableResult
    func query(_ sql: String, _ binds: [DatabaseValue] = []) throws -> [Row] {
        try Row.fetchAll(database.cachedStatement(sql: sql), arguments: StatementArguments(binds))
    }
}

extension SQLiteSessionStore {
    /// How a unit of work uses the connection.
    enum Access {
        /// Statements in SQLite's own implicit transactions (one each). At most one statement (or transaction the
        /// unit opens itself) may commit a write, and the unit must end once one has, so that a cancellation, which
        /// fails whatever runs after it, cannot leave part of the unit committed while its caller is told nothing
        /// was.
        case statement
        /// `BEGIN` … `COMMIT`: a consistent snapshot for several reads.
        case read
        /// `BEGIN IMMEDIATE` … `COMMIT`: the database's write lock from the first statement on.
        case write
    }

    /// Runs `body` with the connection to itself, inside a transaction unless `access` is `.statement`, rolling back
    /// on any error.
    ///
    /// Units run one at a time, in arrival order, on GRDB's serial queue for the connection, and each runs to its
    /// end there without suspending, so no other unit's statements can interleave with its transaction. A caller
    /// cancelled before its unit starts gets `storeUnavailable` with nothing done; one cancelled while it runs
    /// either gets the committed outcome or, when SQLite was interrupted before the commit, `storeUnavailable` with
    /// everything rolled back.
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
        _ body: @escaping @Sendable (SQLiteTransaction) throws -> Value
    ) async throws(TesseraError) -> Value {
        do {
            return try await database.writeWithoutTransaction { database in
                guard !self.isClosed.load(ordering: .acquiring) else {
                    throw TesseraError(.storeUnavailable, "\(activity): the store has been closed")
                }
                let transaction = SQLiteTransaction(database: database)
                switch access {
                case .statement:
                    return try body(transaction)
                case .read, .write:
                    var value: Value?
                    try database.inTransaction(access == .write ? .immediate : .deferred) {
                        value = try body(transaction)
                        return .commit
                    }
                    // GRDB's `inTransaction` returns nothing: the value comes out through `value`, which its closure
                    // set before it returned `.commit`.
                    guard let value else {
                        throw TesseraError(.storeUnavailable, "\(activity): the transaction ended without a value")
                    }
                    return value
                }
            }
        } catch {
            throw Self.storeError(activity, error, busyTimeout: busyTimeout)
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
        if error is CancellationError {
            return TesseraError(.storeUnavailable, "\(activity): the calling task was cancelled; nothing was changed")
        }
        guard let error = error as? DatabaseError else {
            return TesseraError(.storeUnavailable, "\(activity): \(error)")
        }
        // SQLite's own message names tables and constraints, never bound values, so no hash or secret can appear;
        // GRDB's description would add the statement's text.
        let reason = "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "no message")"
        if isLocked(error) {
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
                "\(activity): the database \(waited) (\(reason)); retry later, and look for a process holding a "
                    + "long transaction on the file"
            )
        }
        if error.resultCode == .SQLITE_INTERRUPT {
            return TesseraError(
                .storeUnavailable,
                "\(activity): the calling task was cancelled while SQLite ran it; its transaction was rolled back"
            )
        }
        return TesseraError(.storeUnavailable, "\(activity): \(reason)")
    }

    /// Whether a driver error is `SQLITE_BUSY` or `SQLITE_LOCKED` (or one of their extended codes), that is, another
    /// connection held a lock past the busy timeout.
    ///
    /// - Parameter error: The error.
    /// - Returns: Whether the database was locked.
    private static func isLocked(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    /// Whether a driver error is a primary-key or unique-constraint violation.
    ///
    /// - Parameter error: The error.
    /// - Returns: Whether the row's key was already stored.
    static func isDuplicate(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
            || error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
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
    static func text(_ string: String, _ what: @autoclosure () -> String) throws(TesseraError) -> DatabaseValue {
        try StoredValue.text(string, what()).databaseValue
    }

    /// An instant parameter: `timeIntervalSince1970` as a REAL; NaN is refused, since SQLite would store it as NULL.
    ///
    /// - Parameters:
    ///   - date: The instant.
    ///   - what: What it is, for the error.
    /// - Returns: The bind.
    /// - Throws: ``TesseraError/Code/invalidConfiguration``.
    static func instant(_ date: Date, _ what: @autoclosure () -> String) throws(TesseraError) -> DatabaseValue {
        try StoredValue.seconds(date, what()).databaseValue
    }

    /// A refresh-token hash parameter, as a BLOB.
    ///
    /// - Parameter hash: The hash.
    /// - Returns: The bind.
    static func blob(_ hash: RefreshTokenHash) -> DatabaseValue {
        Data(hash.bytes).databaseValue
    }

    /// A REAL column as an instant.
    ///
    /// - Parameters:
    ///   - row: The row.
    ///   - column: The column name.
    /// - Returns: The instant, or `nil` when the column is NULL.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when it holds something else than a number.
    static func optionalInstant(_ row: Row, _ column: String) throws(TesseraError) -> Date? {
        switch storage(row, column) {
        case .double(let seconds): return Date(timeIntervalSince1970: seconds)
        case .int64(let seconds): return Date(timeIntervalSince1970: Double(seconds))
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
    static func requiredInstant(_ row: Row, _ column: String) throws(TesseraError) -> Date {
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
    static func optionalText(_ row: Row, _ column: String) throws(TesseraError) -> String? {
        switch storage(row, column) {
        case .string(let text): return text
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
    static func requiredText(_ row: Row, _ column: String) throws(TesseraError) -> String {
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
    static func requiredInteger(_ row: Row, _ column: String) throws(TesseraError) -> Int64 {
        guard case .int64(let value) = storage(row, column) else { throw malformed(column) }
        return value
    }

    /// A session row (`id`, `subject`, `created_at`, `expires_at`, `revoked_at`).
    ///
    /// - Parameter row: The row.
    /// - Returns: The session.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when a column is malformed.
    static func family(_ row: Row) throws(TesseraError) -> SessionFamily {
        SessionFamily(
            id: try requiredText(row, "id"),
            subject: try requiredText(row, "subject"),
            createdAt: try requiredInstant(row, "created_at"),
            expiresAt: try requiredInstant(row, "expires_at"),
            revokedAt: try optionalInstant(row, "revoked_at")
        )
    }

    /// A column's value; NULL for a column the row lacks.
    ///
    /// - Parameters:
    ///   - row: The row.
    ///   - column: The column name.
    /// - Returns: The value.
    private static func storage(_ row: Row, _ column: String) -> DatabaseValue.Storage {
        (row[column] as DatabaseValue?)?.storage ?? .null
    }

    private static func malformed(_ column: String) -> TesseraError {
        TesseraError(.storeUnavailable, "the database holds a malformed value in column \(column)")
    }
}
#endif
