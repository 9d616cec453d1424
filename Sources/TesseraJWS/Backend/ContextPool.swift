internal import CTesseraLibCrypto
import TesseraCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Idle OpenSSL contexts of one kind, each initialised once for one key and lent to one operation at a time.
///
/// An OpenSSL 3 context must not be used by two threads at once, and making one per operation (`EVP_MD_CTX_new` and
/// its init, `EVP_PKEY_CTX_dup`, `EVP_MAC_CTX_dup`) costs more allocations than the operation itself. The pool keeps
/// initialised contexts and lends each to one caller; when all are lent, it makes another. A context is freed instead
/// of returned when its operation threw or left it in an unknown state, or when enough contexts already wait.
///
/// `@unchecked Sendable`: the idle list is read and changed only with `lock` held. The lock is a pthread mutex, not
/// `Synchronization.Mutex`: ThreadSanitizer on Linux does not see the futex that one waits on and reports every
/// borrow as a race, which would hide real ones.
final class ContextPool: @unchecked Sendable {
    /// Idle contexts kept beyond this number are freed: more than the cores that can use them is waste.
    private static let maximumIdle = 16

    private var idle: [OpaquePointer] = []
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    private let make: @Sendable () -> OpaquePointer?
    private let free: @Sendable (OpaquePointer) -> Void

    /// Creates an empty pool.
    ///
    /// - Parameters:
    ///   - make: Creates and initialises a context, or returns `nil` (with OpenSSL's error queue set) on failure.
    ///   - free: Frees a context.
    init(make: @escaping @Sendable () -> OpaquePointer?, free: @escaping @Sendable (OpaquePointer) -> Void) {
        self.make = make
        self.free = free
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_mutex_t())
        pthread_mutex_init(lock, nil)
    }

    deinit {
        for context in idle { free(context) }
        pthread_mutex_destroy(lock)
        lock.deinitialize(count: 1)
        lock.deallocate()
    }

    /// Runs `body` on the idle list with the lock held.
    private func withIdle<R>(_ body: (inout [OpaquePointer]) -> R) -> R {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body(&idle)
    }

    /// Runs `body` with a context no other caller holds meanwhile.
    ///
    /// - Parameters:
    ///   - isReusable: Whether the context is in a known state after `body` returned this result; if not, it is
    ///     freed rather than lent again.
    ///   - body: The operation; it must leave the context ready for the next one when it returns.
    /// - Returns: What `body` returns.
    /// - Throws: `TesseraError.Code.cryptoFailure` when no context can be made, or what `body` throws.
    func withContext<R>(
        isReusable: (R) -> Bool = { _ in true },
        _ body: (OpaquePointer) throws(TesseraError) -> R
    ) throws(TesseraError) -> R {
        let reused = withIdle { $0.popLast() }
        guard let context = reused ?? make() else { throw LibCrypto.failure("creating an OpenSSL context failed") }
        let result: R
        do {
            result = try body(context)
        } catch {
            free(context)
            throw error
        }
        guard isReusable(result) else {
            free(context)
            return result
        }
        let kept = withIdle { contexts in
            guard contexts.count < Self.maximumIdle else { return false }
            contexts.append(context)
            return true
        }
        if !kept { free(context) }
        return result
    }
}
