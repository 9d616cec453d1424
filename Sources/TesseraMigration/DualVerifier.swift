public import TesseraCore
public import TesseraJWS

extension Migration {
    /// Which format a token arrived in.
    public enum Origin: Sendable, Hashable {
        /// A PASETO v4 token (preferred).
        case paseto
        /// A legacy JWT.
        case legacyJWT
    }

    /// How many tokens a migration ``Window`` saw: accepted by its ``DualVerifier`` in each format, exchanged by
    /// its ``Migrator``, and refused by either.
    public struct Counts: Sendable, Hashable {
        /// PASETO tokens accepted.
        public let paseto: Int
        /// Legacy JWTs accepted.
        public let legacyJWT: Int
        /// Tokens refused, in either format, by verification or exchange.
        public let refused: Int
        /// Legacy JWTs exchanged for PASETO tokens.
        public let exchanged: Int

        /// Creates counts.
        ///
        /// - Parameters:
        ///   - paseto: PASETO tokens accepted.
        ///   - legacyJWT: Legacy JWTs accepted.
        ///   - refused: Tokens refused.
        ///   - exchanged: JWTs exchanged.
        public init(paseto: Int, legacyJWT: Int, refused: Int, exchanged: Int = 0) {
            self.paseto = paseto
            self.legacyJWT = legacyJWT
            self.refused = refused
            self.exchanged = exchanged
        }
    }

    /// Accepts PASETO v4 tokens and, during the migration window, legacy JWTs — returning the same claims type
    /// either way, and counting each format.
    ///
    /// Only the exact `v4.local.` / `v4.public.` prefix routes a token to the PASETO verifier; everything else goes to
    /// the pinned JWT verifier, which refuses what is not a valid JWT for its keys. From the ``window``'s cut-off
    /// on, JWTs are refused with `TesseraError.Code.formatRetired`; a ``Migrator`` given the same window stops
    /// exchanging them at the same instant.
    public final class DualVerifier: TokenVerifier {
        private let paseto: any TokenVerifier
        private let legacy: JWS.Verifier
        /// The cut-off, clock and counts, shared with any ``Migrator`` given the same window.
        public let window: Window
        private let observer: (@Sendable (Origin?, TesseraError?) -> Void)?

        /// The PASETO verifier's format.
        public var format: TokenFormat { paseto.format }

        /// Creates a dual-accept verifier in a migration window shared with a ``Migrator``.
        ///
        /// - Parameters:
        ///   - paseto: The PASETO v4 verifier (`v4.local` or `v4.public`).
        ///   - legacy: The pinned JWT verifier.
        ///   - window: The cut-off, clock and counts.
        ///   - observer: Called after every verification with the origin (or `nil` when refused) and the error.
        public init(
            paseto: any TokenVerifier,
            legacy: JWS.Verifier,
            window: Window,
            observer: (@Sendable (Origin?, TesseraError?) -> Void)? = nil
        ) {
            self.paseto = paseto
            self.legacy = legacy
            self.window = window
            self.observer = observer
        }

        /// The counts so far (the window's, so exchanges by a migrator sharing it are included).
        public var counts: Counts { window.counts }

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
                case .legacyJWT:
                    try window.requireJWTsAccepted("accepted")
                    verified = try legacy.verify(token)
                }
                window.countAccepted(origin)
                observer?(origin, nil)
                return (verified, origin)
            } catch {
                window.countRefused()
                observer?(nil, error)
                throw error
            }
        }
    }
}
