import Synchronization
public import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Holds one node's copy of the revocation list and keeps it fresh, so that verification never waits on a database.
///
/// ``run()`` (a long-lived task) reads what is new in the store when the store's change feed signals and at least every
/// ``pollInterval``, and reloads everything every ``resyncInterval`` and after any failure or `.resynchronize`. Each
/// successful read stamps the list with the instant the read *started*; ``age`` is how long ago that was. A check
/// on a list older than ``stalenessBound`` fails with ``TesseraError/Code/revocationStateStale``: a node that lost
/// its database refuses tokens instead of accepting revoked ones.
///
/// ```swift
/// let monitor = try RevocationMonitor(store: store, stalenessBound: 2)
/// try await monitor.refresh()                      // first load before serving
/// Task { await monitor.run() }                     // keep it fresh
/// let verifier = accessVerifier.checkingRevocation(monitor)
/// ```
public final class RevocationMonitor: Sendable {
    /// The longest accepted staleness bound: one hour.
    public static let maximumStalenessBound: TimeInterval = 3_600

    private struct State: Sendable {
        var list = RevocationList()
        var cursor: RevocationCursor?
        var syncedAt: Date?
        var lastFullSync: Date?
        var lastError: TesseraError?
    }

    /// The store read from.
    public let store: any SessionStore
    /// How old the list may be when a token is checked, in seconds.
    public let stalenessBound: TimeInterval
    /// Seconds between reads when the change feed is silent.
    public let pollInterval: TimeInterval
    /// Seconds between full reloads.
    public let resyncInterval: TimeInterval
    private let clock: TokenClock
    private let state = Mutex(State())

    /// Creates a monitor with an empty, never-synced list: checks fail as stale until the first ``refresh()``.
    ///
    /// - Parameters:
    ///   - store: The store to follow.
    ///   - stalenessBound: Seconds a list may age before checks fail closed, above 0 and at most
    ///     ``maximumStalenessBound``.
    ///   - pollInterval: Seconds between reads without a change signal; defaults to a quarter of the bound.
    ///   - resyncInterval: Seconds between full reloads (default 60).
    ///   - clock: The time source.
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` for unusable durations, or a poll interval not below the
    ///   bound (the list would go stale between reads).
    public init(
        store: any SessionStore,
        stalenessBound: TimeInterval,
        pollInterval: TimeInterval? = nil,
        resyncInterval: TimeInterval = 60,
        clock: TokenClock = .system
    ) throws(TesseraError) {
        let bound = try ValidationRules.checkedDuration(
            stalenessBound,
            name: "stalenessBound",
            maximum: Self.maximumStalenessBound
        )
        let poll = try ValidationRules.checkedDuration(
            pollInterval ?? bound / 4,
            name: "pollInterval",
            maximum: Self.maximumStalenessBound
        )
        guard bound > 0, poll >= 0.001, poll < bound else {
            throw TesseraError(
                .invalidConfiguration,
                "stalenessBound must be above 0 and pollInterval at least 0.001 s and below it; \(bound) and \(poll) were given"
            )
        }
        self.store = store
        self.stalenessBound = bound
        self.pollInterval = poll
        self.resyncInterval = try ValidationRules.checkedDuration(resyncInterval, name: "resyncInterval")
        self.clock = clock
    }

    /// Seconds since the list was last read from the store, or `nil` before the first read.
    public var age: TimeInterval? {
        state.withLock { $0.syncedAt }.map { clock.now().timeIntervalSince($0) }
    }

    /// The current list.
    public var list: RevocationList { state.withLock { $0.list } }

    /// The error of the last failed read, cleared by the next successful one.
    public var lastError: TesseraError? { state.withLock { $0.lastError } }

    /// Checks a verified token against the list.
    ///
    /// - Parameter token: A token that passed verification.
    /// - Throws: ``TesseraError/Code/revocationStateStale`` when the list is older than the bound (or was never
    ///   read), ``TesseraError/Code/revoked`` when the token is on it.
    public func check(_ token: VerifiedToken) throws(TesseraError) {
        let now = try ValidationRules.checkedInstant(clock.now())
        // Evaluated under the lock: copying the list out would retain and release each of its tables per check.
        let failure = state.withLock { state -> TesseraError? in
            guard let syncedAt = state.syncedAt else {
                return TesseraError(.revocationStateStale, "the revocation list has not been loaded yet")
            }
            let age = now.timeIntervalSince(syncedAt)
            guard age <= stalenessBound else {
                return TesseraError(
                    .revocationStateStale,
                    "the revocation list is \(Int(age)) s old, beyond the bound of \(stalenessBound) s"
                )
            }
            return state.list.revocation(of: token.claims, keyID: token.keyID)
        }
        if let failure { throw failure }
    }

    /// Reads the store once: what is new since the last read, or everything when `full` is set, when nothing was
    /// read yet, or when the last full reload is older than ``resyncInterval``.
    ///
    /// - Parameter full: Whether to reload everything.
    /// - Throws: ``TesseraError/Code/storeUnavailable``; the list then keeps its old stamp and ages.
    public func refresh(full: Bool = false) async throws(TesseraError) {
        let started = try ValidationRules.checkedInstant(clock.now())
        let (cursor, lastFull) = state.withLock { ($0.cursor, $0.lastFullSync) }
        let reload =
            full || cursor == nil || lastFull.map { started.timeIntervalSince($0) >= resyncInterval } ?? true
        let batch: RevocationBatch
        do {
            batch = try await store.revocations(after: reload ? nil : cursor)
        } catch {
            state.withLock { $0.lastError = error }
            throw error
        }
        state.withLock { current in
            if batch.isComplete {
                // A full read replaces everything, even what a later delta read added meanwhile: the list is then
                // as old as this read, and the next delta starts from its cursor and reads those entries again.
                current.list = RevocationList(batch.entries).removingExpired(at: started)
                current.cursor = batch.cursor
                current.syncedAt = started
                current.lastFullSync = started
            } else {
                var list = current.list
                for entry in batch.entries { list.insert(entry) }
                current.list = list.removingExpired(at: started)
                current.cursor = max(batch.cursor, current.cursor ?? batch.cursor)
                if current.syncedAt.map({ $0 < started }) ?? true { current.syncedAt = started }
            }
            current.lastError = nil
        }
    }

    /// Keeps the list fresh until the task is cancelled: reads on every change signal and every ``pollInterval``,
    /// reloads fully on `.resynchronize` and after a failed read.
    public func run() async {
        let (wakeups, wake) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingNewest(8))
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [store] in
                for await change in store.changes() { wake.yield(change == .resynchronize) }
            }
            group.addTask { [pollInterval] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .microseconds(Int(pollInterval * 1_000_000)))
                    wake.yield(false)
                }
                wake.finish()
            }
            var needsFull = false
            for await full in wakeups {
                do {
                    try await refresh(full: full || needsFull)
                    needsFull = false
                } catch {
                    needsFull = true
                }
            }
            group.cancelAll()
        }
    }
}
