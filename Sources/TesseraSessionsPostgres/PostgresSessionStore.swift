#if PostgreSQL
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import Logging
import PostgresNIO
import Synchronization
public import TesseraCore
public import TesseraSessions

/// A ``SessionStore`` in a PostgreSQL database shared by every node of a deployment.
///
/// The store owns a pool of connections (a `PostgresClient` from vapor/postgres-nio) that it starts running when it
/// is made and stops in ``close()``; there is no `run()` to call. Every operation is one transaction, retried up to
/// five times when PostgreSQL reports a deadlock (SQLSTATE 40P01) or a serialization failure (40001). A rotation
/// locks the presented token's row and its session's row (`SELECT ... FOR UPDATE`), so two nodes racing on one
/// refresh token serialize: one gets the successor, the other sees the token spent. Transactions that write
/// revocations take the revision counter's row last and send `NOTIFY tessera_revocations`, which every node's
/// ``changes()`` feed listens for.
///
/// ```swift
/// let store = try PostgresSessionStore(url: "postgres://tessera:secret@db.internal/sessions?sslmode=verify-full")
/// try await store.prepare()
/// let sessions = SessionManager(store: store, key: refreshKey, issuer: accessIssuer)
/// // ...
/// await store.close()
/// ```
///
/// An operation waits at most `connectionTimeout` for a pooled connection; when the database cannot be reached it
/// then fails with ``TesseraError/Code/storeUnavailable`` instead of queueing, having sent nothing. Once it holds a
/// connection, nothing cuts it short: not the timeout, and not the cancellation of the calling task, which still
/// waits for the outcome. A rotation whose outcome is unknown could otherwise be retried into a false reuse.
///
/// - Important: Call ``close()`` when done; dropping an open store cancels its pool without waiting.
public final class PostgresSessionStore: SessionStore, CustomStringConvertible, CustomReflectable {
    /// The largest connection pool accepted.
    public static let maximumConnectionLimit = 1_000

    let client: PostgresClient
    let logger: Logger
    let connectionTimeout: Duration
    /// The configuration of the dedicated connections ``changes()`` listens on.
    let listenConfiguration: PostgresConnection.Configuration
    /// `postgres://user@host:port/database`, for messages: no password.
    let endpoint: String
    private let clientTask: Task<Void, Never>
    private let state = Mutex(State())

    private struct State {
        var isClosed = false
        var feeds: [Int: Task<Void, Never>] = [:]
        var nextFeedID = 0
    }

    /// Connects to the database at `url` and starts the connection pool; connections open on first use.
    ///
    /// - Parameters:
    ///   - url: `postgres://user[:password]@host[:port]/database[?sslmode=MODE]`, with `postgresql://` also
    ///     accepted, user, password and database percent-encoded, the port 5432 by default, and MODE one of libpq's
    ///     `disable`, `prefer` (the default: TLS when offered, the certificate unchecked), `require` (TLS, the
    ///     certificate unchecked), `verify-ca` or `verify-full` (the certificate checked against the system's
    ///     authorities, or the PEM file given as `sslrootcert=PATH`, and with `verify-full` the host name too).
    ///   - maximumConnections: The most pooled connections this store opens (each ``changes()`` stream opens one
    ///     more of its own), from 1 to ``maximumConnectionLimit``.
    ///   - connectionTimeout: How long a connection attempt, and an operation waiting for a pooled connection, may
    ///     take before failing with ``TesseraError/Code/storeUnavailable``. It never cuts short statements already
    ///     sent.
    ///   - logger: Where the pool and the change feed report connection trouble, used as given. While the database
    ///     is unreachable the driver logs "Connection creation failed" at `info` on every retry; to keep that out,
    ///     pass a logger whose `logLevel` is `.notice` or higher.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for a malformed URL (the message never quotes the
    ///   password), an unsupported scheme, `sslmode` or parameter, an unreadable `sslrootcert`, or limits out of
    ///   range. Nothing is connected yet, so an unreachable server is reported by the first operation.
    public init(
        url: String,
        maximumConnections: Int = 20,
        connectionTimeout: Duration = .seconds(10),
        logger: Logger = Logger(label: "tessera.sessions.postgres")
    ) throws(TesseraError) {
        let parsed = try PostgresURL(parsing: url)
        guard (1...Self.maximumConnectionLimit).contains(maximumConnections) else {
            throw TesseraError(
                .invalidConfiguration,
                "maximumConnections must be from 1 to \(Self.maximumConnectionLimit), not \(maximumConnections)"
            )
        }
        guard connectionTimeout > .zero, connectionTimeout <= .seconds(3_600) else {
            throw TesseraError(
                .invalidConfiguration,
                "connectionTimeout must be above 0 and at most an hour, not \(connectionTimeout)"
            )
        }
        let (clientTLS, connectionTLS) = try Self.tls(parsed)
        var configuration = PostgresClient.Configuration(
            host: parsed.host,
            port: parsed.port,
            username: parsed.username,
            password: parsed.password,
            database: parsed.database,
            tls: clientTLS
        )
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = connectionTimeout
        configuration.options.additionalStartupParameters = [("application_name", "tessera")]
        var listen = PostgresConnection.Configuration(
            host: parsed.host,
            port: parsed.port,
            username: parsed.username,
            password: parsed.password,
            database: parsed.database,
            tls: connectionTLS
        )
        let (seconds, attoseconds) = connectionTimeout.components
        listen.options.connectTimeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        listen.options.additionalStartupParameters = [("application_name", "tessera")]

        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.connectionTimeout = connectionTimeout
        self.listenConfiguration = listen
        self.endpoint = parsed.description
        self.clientTask = Task { await client.run() }
    }

    deinit {
        clientTask.cancel()
        for feed in state.withLock({ Array($0.feeds.values) }) { feed.cancel() }
    }

    /// Stops the change feeds (their streams finish) and the connection pool, and waits for both. Later operations
    /// throw ``TesseraError/Code/storeUnavailable``; closing twice does nothing more.
    public func close() async {
        let feeds = state.withLock { state in
            state.isClosed = true
            defer { state.feeds = [:] }
            return Array(state.feeds.values)
        }
        for feed in feeds { feed.cancel() }
        clientTask.cancel()
        for feed in feeds { await feed.value }
        await clientTask.value
    }

    /// `PostgresSessionStore(postgres://user@host:port/database)`, without the password.
    public var description: String { "PostgresSessionStore(\(endpoint))" }

    /// No children: the configuration holds the password.
    public var customMirror: Mirror { Mirror(self, children: []) }

    var isClosed: Bool { state.withLock { $0.isClosed } }

    /// Registers a change-feed task, or reports that the store is closed.
    func register(_ feed: Task<Void, Never>) -> Int? {
        state.withLock { state in
            guard !state.isClosed else { return nil }
            state.nextFeedID += 1
            state.feeds[state.nextFeedID] = feed
            return state.nextFeedID
        }
    }

    /// Forgets a change-feed task that ended.
    func unregister(_ id: Int) {
        _ = state.withLock { $0.feeds.removeValue(forKey: id) }
    }

    /// The TLS settings of the pool and of the listening connections for an `sslmode`.
    private static func tls(
        _ url: PostgresURL
    ) throws(TesseraError) -> (PostgresClient.Configuration.TLS, PostgresConnection.Configuration.TLS) {
        var settings = TLSConfiguration.makeClientConfiguration()
        switch url.sslMode {
        case .disable: return (.disable, .disable)
        case .prefer, .require: settings.certificateVerification = .none
        case .verifyCA: settings.certificateVerification = .noHostnameVerification
        case .verifyFull: settings.certificateVerification = .fullVerification
        }
        if let roots = url.sslRootCertificate { settings.trustRoots = .file(roots) }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: settings)
        } catch {
            throw TesseraError(
                .invalidConfiguration,
                "the TLS settings of the PostgreSQL store URL cannot be used (is sslrootcert a readable PEM file?): "
                    + String(describing: error)
            )
        }
        return url.sslMode == .prefer
            ? (.prefer(settings), .prefer(context))
            : (.require(settings), .require(context))
    }
}

// MARK: - Running operations

extension PostgresSessionStore {
    /// How many times a transaction is run again after a deadlock or a serialization failure.
    static let maximumRetries = 5

    /// Runs `body` on a pooled connection, in a transaction unless `transaction` is `false`, retrying deadlocks and
    /// serialization failures.
    ///
    /// Only the wait for a connection is bounded by `connectionTimeout`: once a connection is in hand, nothing
    /// cancels the work, neither the timeout nor the caller. The operation runs in an unstructured task awaited to
    /// its end, so a cancelled caller still waits for the outcome instead of leaving it unknown (a rotation that
    /// committed but was reported as failed would be retried into a false reuse).
    ///
    /// - Parameters:
    ///   - activity: What is being done, for the error (`"rotating a refresh token"`).
    ///   - transaction: Whether to wrap `body` in `BEGIN` ... `COMMIT`; single statements need not.
    ///   - body: The queries.
    /// - Returns: What `body` returns.
    /// - Throws: ``TesseraError/Code/storeUnavailable`` with the activity and the driver's message, or the
    ///   ``TesseraError`` `body` threw.
    func perform<Value: Sendable>(
        _ activity: String,
        transaction: Bool = true,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws(TesseraError) -> Value {
        guard !isClosed else { throw TesseraError(.storeUnavailable, "\(activity): the store is closed") }
        // Not a child task: the caller's cancellation does not reach it.
        let work = Task { await self.run(activity, transaction: transaction, body) }
        return try await work.value.get()
    }

    /// The retry loop of ``perform(_:transaction:_:)``.
    private func run<Value: Sendable>(
        _ activity: String,
        transaction: Bool,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async -> Result<Value, TesseraError> {
        var retries = 0
        while true {
            let lease = Lease()
            do {
                return .success(try await attempt(lease, transaction: transaction, body))
            } catch {
                if lease.isAbandoned { return .failure(await noConnection(activity)) }
                guard retries < Self.maximumRetries, Self.isTransient(error) else {
                    return .failure(Self.storeError(activity, error))
                }
                retries += 1
                try? await Task.sleep(for: .milliseconds(Int.random(in: 1...(10 * retries))))
            }
        }
    }

    /// One run of `body`: leases a connection in a task that a timer cancels after `connectionTimeout` only while
    /// the lease is still pending; the statements, once the connection is taken, run to their end.
    private func attempt<Value: Sendable>(
        _ lease: Lease,
        transaction: Bool,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value {
        let statements = Task { [client, logger] in
            try await client.withConnection { connection in
                try lease.take()
                if transaction {
                    return try await connection.withTransaction(logger: logger) { connection in
                        try await body(connection)
                    }
                }
                return try await body(connection)
            }
        }
        let timer = Task { [connectionTimeout] in
            try await Task.sleep(for: connectionTimeout)
            if lease.abandon() { statements.cancel() }
        }
        defer { timer.cancel() }
        return try await statements.value
    }

    /// Where one attempt stands: waiting for a connection, holding one, or having given up the wait. Whichever of
    /// ``take()`` and ``abandon()`` comes first wins, so the timeout never cancels a statement already sent.
    private final class Lease: Sendable {
        private enum Phase { case waiting, taken, abandoned }
        private let phase = Mutex(Phase.waiting)

        /// Marks the connection taken, before anything is sent on it.
        ///
        /// - Throws: `CancellationError` when the wait was given up; nothing is sent then.
        func take() throws {
            let taken = phase.withLock { phase in
                guard phase == .waiting else { return false }
                phase = .taken
                return true
            }
            if !taken { throw CancellationError() }
        }

        /// Gives up the wait unless the connection was already taken.
        ///
        /// - Returns: Whether the wait was given up (the leasing task is then to be cancelled).
        func abandon() -> Bool {
            phase.withLock { phase in
                guard phase == .waiting else { return false }
                phase = .abandoned
                return true
            }
        }

        /// Whether the wait was given up, so nothing was sent.
        var isAbandoned: Bool { phase.withLock { $0 == .abandoned } }
    }

    /// The error of an operation that got no connection within `connectionTimeout`, with the reason.
    private func noConnection(_ activity: String) async -> TesseraError {
        let problem = await connectionProblem()
        let why = problem.map { ": \($0)" } ?? "; a new connection works, so the pooled ones all stayed busy"
        return TesseraError(
            .storeUnavailable,
            "\(activity): no connection to \(endpoint) within \(connectionTimeout), so nothing was sent\(why)"
        )
    }

    /// Why a new connection cannot be made (refused, unreachable, TLS, authentication), or `nil` when one can:
    /// the pool retries failed connections quietly, so a timed-out wait is explained by trying once more.
    private func connectionProblem() async -> String? {
        var configuration = listenConfiguration
        configuration.options.connectTimeout = .seconds(2)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try? await connection.close()
            return nil
        } catch {
            return Self.describe(error)
        }
    }

    /// Whether PostgreSQL asks for the transaction to be run again: deadlock (40P01) or serialization failure
    /// (40001).
    static func isTransient(_ error: any Error) -> Bool {
        switch error {
        case let error as PostgresTransactionError:
            // A failed COMMIT may have committed; only failures before it are safe to run again.
            if error.commitError != nil { return false }
            return (error.beginError ?? error.closureError).map(isTransient) ?? false
        case let error as PSQLError:
            return ["40P01", "40001"].contains(error.serverInfo?[.sqlState] ?? "")
        default:
            return false
        }
    }

    /// A driver error as ``TesseraError/Code/storeUnavailable`` with a one-line reason: the server's message and
    /// SQLSTATE, or what happened to the connection. Queries and their parameters (refresh-token hashes) are never
    /// included; a ``TesseraError`` passes through.
    static func storeError(_ activity: String, _ error: any Error) -> TesseraError {
        if let error = error as? TesseraError { return error }
        if let error = error as? PostgresTransactionError,
            let inner = (error.closureError ?? error.beginError) as? TesseraError
        {
            return inner
        }
        return TesseraError(.storeUnavailable, "\(activity): \(describe(error))")
    }

    /// One line about a driver error, without queries or parameters.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as PostgresTransactionError:
            if let failure = error.beginError { return "starting the transaction failed: " + describe(failure) }
            if let failure = error.closureError { return describe(failure) }
            if let failure = error.commitError {
                return "committing failed, so the outcome is unknown: " + describe(failure)
            }
            return "the transaction failed"
        case let error as PSQLError:
            if let info = error.serverInfo, let message = info[.message] {
                let state = info[.sqlState] ?? "?"
                let hint = state == "42P01" ? "; call prepare() first" : ""
                return "\(message) (SQLSTATE \(state))\(hint)"
            }
            let underlying = error.underlying.map { ": \(String(describing: $0))" } ?? ""
            switch error.code {
            case .poolClosed: return "the store is closed"
            case .queryCancelled: return "cancelled"
            case .connectionError: return "cannot connect\(underlying)"
            case .serverClosedConnection: return "the server closed the connection\(underlying)"
            case .clientClosedConnection: return "the connection was closed\(underlying)"
            case .sslUnsupported: return "the server does not offer TLS, which sslmode requires"
            case .authMechanismRequiresPassword: return "the server asks for a password and the URL has none"
            default: return "\(error.code)\(underlying)"
            }
        case let error as PostgresDecodingError:
            return "the column \(error.columnName) of type \(error.postgresType) does not read as \(error.targetType)"
        case is CancellationError:
            return "cancelled"
        default:
            return String(describing: error)
        }
    }
}

// MARK: - Parameters

extension PostgresSessionStore {
    /// A string parameter, refused when it holds U+0000, which PostgreSQL text cannot hold.
    ///
    /// - Parameters:
    ///   - string: The value.
    ///   - what: What it is, for the error.
    /// - Returns: `string`.
    /// - Throws: ``TesseraError/Code/invalidConfiguration``.
    static func text(_ string: String, _ what: @autoclosure () -> String) throws(TesseraError) -> String {
        try StoredValue.text(string, what())
    }

    /// An instant parameter: `timeIntervalSince1970` as a DOUBLE PRECISION; NaN is refused, as in the SQLite
    /// store (and the revocation writer uses NaN to mark a missing instant).
    ///
    /// - Parameters:
    ///   - date: The instant.
    ///   - what: What it is, for the error.
    /// - Returns: Seconds since 1970.
    /// - Throws: ``TesseraError/Code/invalidConfiguration``.
    static func instant(_ date: Date, _ what: @autoclosure () -> String) throws(TesseraError) -> Double {
        try StoredValue.seconds(date, what())
    }

    /// An instant read back.
    static func date(_ seconds: Double) -> Date { Date(timeIntervalSince1970: seconds) }

    /// A refresh-token hash parameter (BYTEA).
    static func bytes(_ hash: RefreshTokenHash) -> ByteBuffer { ByteBuffer(bytes: hash.bytes) }

    /// A `tessera_families` row (`id`, `subject`, `created_at`, `expires_at`, `revoked_at`) as a session.
    static func family(_ row: PostgresRow) throws -> SessionFamily {
        let (id, subject, createdAt, expiresAt, revokedAt) = try row.decode(
            (String, String, Double, Double, Double?).self
        )
        return session(id, subject, createdAt, expiresAt, revokedAt)
    }

    /// A session from its columns.
    static func session(
        _ id: String,
        _ subject: String,
        _ createdAt: Double,
        _ expiresAt: Double,
        _ revokedAt: Double?
    ) -> SessionFamily {
        SessionFamily(
            id: id,
            subject: subject,
            createdAt: date(createdAt),
            expiresAt: date(expiresAt),
            revokedAt: revokedAt.map(date)
        )
    }
}
#endif
