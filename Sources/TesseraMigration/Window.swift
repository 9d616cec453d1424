import Synchronization
public import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension Migration {
    /// The migration window that a ``DualVerifier`` and a ``Migrator`` share: one JWT cut-off, one clock, and one
    /// set of counts.
    ///
    /// From the cut-off on, the dual verifier refuses JWTs and the migrator refuses to exchange them, both with
    /// `TesseraError.Code.formatRetired`; pass the same window (or the dual verifier's ``DualVerifier/window``) to
    /// both, so that the two can never disagree about whether JWTs are still accepted.
    ///
    /// ```swift
    /// let window = try Migration.Window(jwtCutoff: cutoffDate)
    /// let gate = Migration.DualVerifier(paseto: pasetoVerifier, legacy: legacy, window: window)
    /// let migrator = try Migration.Migrator(verifier: legacy, target: .public(key), window: window)
    /// ```
    public final class Window: Sendable {
        /// From this instant on, JWTs are neither accepted nor exchanged; `nil` keeps the window open.
        public let jwtCutoff: Date?
        /// The time source for the cut-off.
        public let clock: TokenClock
        private let pasetoCount = Atomic<Int>(0)
        private let legacyCount = Atomic<Int>(0)
        private let refusedCount = Atomic<Int>(0)
        private let exchangedCount = Atomic<Int>(0)

        /// Creates a window.
        ///
        /// - Parameters:
        ///   - jwtCutoff: From this instant on, JWTs are refused; `nil` for no cut-off yet.
        ///   - clock: The time source for the cut-off.
        /// - Throws: `TesseraError.Code.invalidConfiguration` for a NaN or infinite cut-off, which would never pass.
        public convenience init(jwtCutoff: Date?, clock: TokenClock = .system) throws(TesseraError) {
            if let jwtCutoff { _ = try ValidationRules.checkedInstant(jwtCutoff) }
            self.init(checkedCutoff: jwtCutoff, clock: clock)
        }

        /// A window with no cut-off yet, for a dual verifier and migrator to share until a date is chosen, or for
        /// one-off conversions (such as `tessera migrate`).
        ///
        /// - Parameter clock: The time source for a later cut-off.
        public convenience init(clock: TokenClock = .system) {
            self.init(checkedCutoff: nil, clock: clock)
        }

        private init(checkedCutoff: Date?, clock: TokenClock) {
            self.jwtCutoff = checkedCutoff
            self.clock = clock
        }

        /// Whether JWTs are retired at the clock's current instant; a clock that reads a non-finite instant counts
        /// as retired (fail closed).
        public var isJWTRetired: Bool {
            guard let jwtCutoff else { return false }
            let now = clock.now()
            return !now.timeIntervalSince1970.isFinite || now >= jwtCutoff
        }

        /// The counts so far, from every verifier and migrator sharing this window.
        public var counts: Counts {
            Counts(
                paseto: pasetoCount.load(ordering: .relaxed),
                legacyJWT: legacyCount.load(ordering: .relaxed),
                refused: refusedCount.load(ordering: .relaxed),
                exchanged: exchangedCount.load(ordering: .relaxed)
            )
        }

        /// Throws `formatRetired` once the cut-off has passed (or the clock reads a non-finite instant).
        func requireJWTsAccepted(_ action: String) throws(TesseraError) {
            guard isJWTRetired else { return }
            throw TesseraError(.formatRetired, "legacy JWTs are no longer \(action); present a PASETO v4 token")
        }

        func countAccepted(_ origin: Origin) {
            switch origin {
            case .paseto: pasetoCount.add(1, ordering: .relaxed)
            case .legacyJWT: legacyCount.add(1, ordering: .relaxed)
            }
        }

        func countRefused() { refusedCount.add(1, ordering: .relaxed) }

        func countExchanged() { exchangedCount.add(1, ordering: .relaxed) }
    }
}
