import Synchronization
public import TesseraCore
public import TesseraJWS

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension Migration {
    /// Which format a token arrived in.
    public enum Origin: Sendable, Hashable {
        /// A PASETO v4 token (preferred).
        case paseto
        /// A legacy JWT.
        case legacyJWT
    }

    /// How many tokens a ``DualVerifier`` accepted in each format, and how many it refused.
    public struct Counts: Sendable, Hashable {
        /// PASETO tokens accepted.
        public let paseto: Int
        /// Legacy JWTs accepted.
        public let legacyJWT: Int
        /// Tokens refused, in either format.
        public let refused: Int

        /// Creates counts.
        ///
        /// - Parameters:
        ///   - paseto: PASETO tokens accepted.
        ///   - legacyJWT: Legacy JWTs accepted.
        ///   - refused: Tokens refused.
        public init(paseto: Int, legacyJWT: Int, refused: Int) {
            self.paseto = paseto
            self.legacyJWT = legacyJWT
            self.refused = refused
        }
    }

    /// Accepts PASETO v4 tokens and, during the migration window, legacy JWTs — returning the same claims type
    /// either way, and counting each format.
    ///
    /// Only the exact `v4.local.` / `v4.public.` prefix routes a token to the PASETO verifier; everything else goes to
    /// the pinned JWT verifier, which refuses what is not a valid JWT for its keys. From the cut-off on, JWTs are
    /// refused with `TesseraError.Code.formatRetired`.
    public final class DualVerifier: TokenVerifier {
        private let paseto: any TokenVerifier
        private let legacy: JWS.Verifier
        private let cutoff: Date?
        private let clock: TokenClock
        private let observer: (@Sendable (Origin?, TesseraError?) -> Void)?
        private let pasetoCount = Atomic<Int>(0)
        private let legacyCount = Atomic<Int>(0)
        private let refusedCount = Atomic<Int>(0)

        /// The PASETO verifier's format.
        public var format: TokenFormat { paseto.format }

        /// Creates a dual-accept verifier.
        ///
        /// - Parameters:
        ///   - paseto: The PASETO v4 verifier (`v4.local` or `v4.public`).
        ///   - legacy: The pinned JWT verifier.
        ///   - jwtCutoff: From this instant on, JWTs are refused.
        ///   - clock: The time source for the cut-off.
        ///   - observer: Called after every verification with the origin (or `nil` when refused) and the error, for
        ///     metrics an operator can export.
        public init(
            paseto: any TokenVerifier,
            legacy: JWS.Verifier,
            jwtCutoff: Date? = nil,
            clock: TokenClock = .system,
            observer: (@Sendable (Origin?, TesseraError?) -> Void)? = nil
        ) {
            self.paseto = paseto
            self.legacy = legacy
            self.cutoff = jwtCutoff
            self.clock = clock
            self.observer = observer
        }

        /// The counts so far.
        public var counts: Counts {
            Counts(
                paseto: pasetoCount.load(ordering: .relaxed),
                legacyJWT: legacyCount.load(ordering: .relaxed),
                refused: refusedCount.load(ordering: .relaxed)
            )
        }

        /// Verifies a token in either format.
        ///
        /// - Parameter token: The untrusted token.
        /// - Returns: The verified token; its `format` names the format that arrived.
        /// - Throws: The refusing verifier's error, or `TesseraError.Code.formatRetired` for a JWT after
        ///   the cut-off.
        public func verify(_ token: String) throws(TesseraError) -> VerifiedToken {
            try verifyReportingOrigin(token).token
        }

        /// Verifies a token in either format and says which one it was.
        ///
        /// - Parameter token: The untrusted token.
        /// - Returns: The verified token and its origin.
        /// - Throws: As ``verify(_:)``.
        public func verifyReportingOrigin(
            _ token: String
        ) throws(TesseraError) -> (token: VerifiedToken, origin: Origin) {
            let origin: Origin =
                token.utf8.starts(with: "v4.local.".utf8) || token.utf8.starts(with: "v4.public.".utf8)
                ? .paseto : .legacyJWT
            do throws(TesseraError) {
                let verified: VerifiedToken
                switch origin {
                case .paseto:
                    verified = try paseto.verify(token)
                    pasetoCount.add(1, ordering: .relaxed)
                case .legacyJWT:
                    if let cutoff, clock.now() >= cutoff {
                        throw TesseraError(
                            .formatRetired,
                            "legacy JWTs are no longer accepted; present a PASETO v4 token"
                        )
                    }
                    verified = try legacy.verify(token)
                    legacyCount.add(1, ordering: .relaxed)
                }
                observer?(origin, nil)
                return (verified, origin)
            } catch {
                refusedCount.add(1, ordering: .relaxed)
                observer?(nil, error)
                throw error
            }
        }
    }
}
