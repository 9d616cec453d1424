public import TesseraCore
import TesseraSodium

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension PASETO.V4.Local {
    /// A 32-byte `v4.local` key: usable for `v4.local` tokens and nothing else.
    ///
    /// The bytes live in memory that is wiped when the key is released; `description`, `debugDescription` and
    /// `dump` show only the key's PASERK id.
    public struct SymmetricKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable
    {
        /// The key length in bytes.
        public static let byteCount = 32

        let secret: SecretBytes

        /// The key's PASERK id (`k4.lid.…`), safe to publish and to put in a footer's `kid`.
        public let id: String

        /// Generates a new random key with libsodium's CSPRNG.
        ///
        /// - Throws: `TesseraError.Code.cryptoFailure` if libsodium cannot initialise.
        public init() throws(TesseraError) {
            var bytes = try Sodium.randomBytes(Self.byteCount)
            defer { Sodium.wipe(&bytes) }
            try self.init(rawRepresentation: bytes)
        }

        /// Wraps existing key bytes.
        ///
        /// - Parameter rawRepresentation: Exactly 32 bytes.
        /// - Throws: `TesseraError.Code.invalidKey` for any other length.
        public init(rawRepresentation: some ContiguousBytes) throws(TesseraError) {
            let count = rawRepresentation.withUnsafeBytes { $0.count }
            guard count == Self.byteCount else {
                throw TesseraError(.invalidKey, "a v4.local key is 32 bytes, not \(count)")
            }
            secret = SecretBytes(copying: rawRepresentation)
            id = try secret.withUnsafeBytes { bytes throws(TesseraError) in
                try PASERK.secretIdentifier(.lid, of: .local, secret: bytes)
            }
        }

        /// Reads a `k4.local.` PASERK.
        ///
        /// - Parameter paserk: The PASERK string.
        /// - Throws: `TesseraError.Code.invalidPASERK` for another version or type or a wrong length.
        public init(paserk: String) throws(TesseraError) {
            var bytes = try PASERK.data(of: paserk, as: .local, length: Self.byteCount)
            defer { Sodium.wipe(&bytes) }
            try self.init(rawRepresentation: bytes)
        }

        /// The key as a `k4.local.` PASERK.
        ///
        /// - Important: This string is the secret key itself; store it like one.
        public var paserk: String { Self.paserk(of: secret) }

        /// Reads the key bytes.
        ///
        /// - Parameter body: Receives the 32 key bytes; they must not escape the closure.
        /// - Returns: What `body` returns.
        public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
            try secret.withUnsafeBytes(body)
        }

        /// Constant-time equality of the key bytes.
        public static func == (lhs: Self, rhs: Self) -> Bool { lhs.secret.isEqual(to: rhs.secret) }

        /// Names the key by its id only.
        public var description: String { "PASETO.V4.Local.SymmetricKey(\(id))" }
        /// Names the key by its id only.
        public var debugDescription: String { description }
        /// Shows the key's id only, so `dump` cannot reveal the bytes.
        public var customMirror: Mirror { Mirror(self, children: ["id": id], displayStyle: .struct) }

        private static func paserk(of secret: SecretBytes) -> String {
            secret.withUnsafeBytes { PASERK.serializeSecret(.local, $0) }
        }
    }
}
