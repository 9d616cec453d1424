#if PostgreSQL
import Logging
import PostgresNIO
import Synchronization
public import TesseraSessions

extension PostgresSessionStore {
    /// How often a listening connection is probed with `SELECT 1`, and how long the probe may take before the
    /// connection counts as lost: a silently dropped connection would otherwise leave the feed quiet forever.
    static let feedHeartbeat = Duration.seconds(10)
    /// The first pause before reconnecting a lost feed; it doubles up to ``feedMaximumBackoff``.
    static let feedInitialBackoff = Duration.milliseconds(100)
    /// The longest pause between reconnection attempts.
    static let feedMaximumBackoff = Duration.seconds(2)

    /// Ids for the listening connections, in the driver's logs.
    private static let feedConnectionIDs = Atomic<Int>(0)

    /// Signals from PostgreSQL's `LISTEN tessera_revocations`, on a dedicated connection per stream: `.changed`
    /// for every committed revocation-writing transaction of any node, `.resynchronize` each time the connection
    /// (re)starts listening, since notifications sent while it was down are lost. A lost connection is reopened
    /// after 100 ms, doubling to 2 s between attempts. The stream finishes when the store closes; dropping it (or
    /// cancelling its consumer) closes its connection.
    ///
    /// - Returns: A stream of signals; consume it promptly, as it buffers every signal.
    public func changes() -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: StoreChange.self)
        let configuration = listenConfiguration
        let logger = logger
        let feed = Task {
            await Self.follow(configuration, logger: logger, into: continuation)
        }
        guard let id = register(feed) else {
            feed.cancel()
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in
            feed.cancel()
            self?.unregister(id)
        }
        return stream
    }

    /// Listens until cancelled, reconnecting with backoff, then finishes the stream.
    private static func follow(
        _ configuration: PostgresConnection.Configuration,
        logger: Logger,
        into continuation: AsyncStream<StoreChange>.Continuation
    ) async {
        var backoff = feedInitialBackoff
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(
                    configuration: configuration,
                    id: feedConnectionIDs.add(1, ordering: .relaxed).newValue,
                    logger: logger
                )
                do {
                    try await connection.listen(on: channel) { notifications in
                        // Listening from here on: anything committed earlier is found by a full reload.
                        continuation.yield(.resynchronize)
                        backoff = feedInitialBackoff
                        try await watch(connection, notifications, logger: logger, into: continuation)
                    }
                } catch {
                    if !Task.isCancelled {
                        logger.warning("the revocation feed lost its connection: \(describe(error))")
                    }
                }
                try? await connection.close()
            } catch {
                if !Task.isCancelled { logger.warning("the revocation feed cannot connect: \(describe(error))") }
            }
            guard !Task.isCancelled else { break }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, feedMaximumBackoff)
        }
        continuation.finish()
    }

    /// Forwards notifications and probes the connection until either stops.
    private static func watch(
        _ connection: PostgresConnection,
        _ notifications: PostgresNotificationSequence,
        logger: Logger,
        into continuation: AsyncStream<StoreChange>.Continuation
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await _ in notifications { continuation.yield(.changed) }
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: feedHeartbeat)
                    try await probe(connection, logger: logger)
                }
            }
            // Either the notifications ended (the connection closed) or a probe failed: reconnect.
            try await group.next()
            group.cancelAll()
        }
    }

    /// Runs `SELECT 1`, closing the connection when no answer comes within ``feedHeartbeat``.
    private static func probe(_ connection: PostgresConnection, logger: Logger) async throws {
        let answered = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = try await connection.query("SELECT 1", logger: logger).collect()
                return true
            }
            group.addTask {
                try await Task.sleep(for: feedHeartbeat)
                return false
            }
            let answered = try await group.next() ?? false
            // Closing fails the unanswered query, so the group can end.
            if !answered { try? await connection.close() }
            group.cancelAll()
            return answered
        }
        guard answered else { throw ProbeTimedOut() }
    }

    /// A listening connection did not answer a heartbeat in time.
    private struct ProbeTimedOut: Error, CustomStringConvertible {
        var description: String { "no answer to a heartbeat query within \(PostgresSessionStore.feedHeartbeat)" }
    }
}
#endif
