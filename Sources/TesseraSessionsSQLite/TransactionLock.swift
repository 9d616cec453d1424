#if SQLite
/// A first-in, first-out lock over the store's one connection, held across the awaits of a whole transaction.
///
/// Actor isolation alone would not do: an actor is reentrant, so another call could run its statements on the
/// connection while a transaction waits for SQLite. Callers queue here instead and are resumed one at a time, in
/// arrival order. The lock also records that the store was closed, so that queued and later callers fail at once.
actor TransactionLock {
    private var isHeld = false
    private var isClosed = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var head = 0

    /// Waits for the lock.
    ///
    /// - Returns: `true` once the caller holds the lock, `false` (without holding it) when the store is closed.
    func acquire() async -> Bool {
        if isClosed { return false }
        guard isHeld else {
            isHeld = true
            return true
        }
        await withCheckedContinuation { waiters.append($0) }
        // `release()` handed the lock over without clearing `isHeld`, so no later caller can barge in.
        if isClosed {
            release()
            return false
        }
        return true
    }

    /// Hands the lock to the next waiter, or frees it.
    ///
    /// - Parameter closing: Whether the holder closed the store: every waiter, then every later caller, gets `false`.
    func release(closing: Bool = false) {
        if closing { isClosed = true }
        guard head < waiters.count else {
            isHeld = false
            return
        }
        let next = waiters[head]
        head += 1
        if head == waiters.count {
            waiters.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64, head * 2 >= waiters.count {
            waiters.removeFirst(head)
            head = 0
        }
        next.resume()
    }
}
#endif
