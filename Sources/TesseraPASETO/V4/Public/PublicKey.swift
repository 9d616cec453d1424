public import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension PASETO.V4.Public {
    /// A 32-byte Ed25519 public key for verifying `v4.public` tokens, and nothing else.
    public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
        /// The key length in bytes.
        public static let byteCount = 32

        /// The 32 key bytes.
        public let rawRepresentation: [UInt8]

        /// The key's PASERK id (`k4.pid.…`), safe to publish and to put in a footer's `kid`.
        public let id: String

        /// Wraps Ed25519 public key bytes.
        ///
        /// - Parameter rawRepresentation: Exactly 32 bytes.
        /// - Throws: `TesseraError.Code.invalidKey` for any other length.
        public init(rawRepresentation: some ContiguousBytes) throws(TesseraError) {
            let bytes = rawRepresentation.withUnsafeBytes { Array($0) }
            guard bytes.count == Self.byteCount else {
                throw TesseraError(.invalidKey, "a v4.public public key is 32 bytes, not \(bytes.count)")
            }
            self.rawRepresentation = bytes
            self.id = try PASERK.identifier(.pid, of: PASERK.serialize(.public, bytes))
        }

        /// Reads a `k4.public.` PASERK.
        ///
        /// - Parameter paserk: The PASERK string.
        /// - Throws: `TesseraError.Code.invalidPASERK` for another version or type or a wrong length.
        public init(paserk: String) throws(TesseraError) {
            try self.init(rawRepresentation: PASERK.data(of: paserk, as: .public, length: Self.byteCount))
        }

        /// The key as a `k4.public.` PASERK.
        public var paserk: String { PASERK.serialize(.public, rawRepresentation) }

        /// The key as its PASERK.
        public var description: String { "PASETO.V4.Public.PublicKey(\(paserk))" }
    }
}
