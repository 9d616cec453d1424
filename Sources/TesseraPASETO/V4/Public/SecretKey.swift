public import TesseraCore
import TesseraSodium

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension PASETO.V4.Public {
    /// An Ed25519 secret key for signing `v4.public` tokens, and nothing else.
    ///
    /// Held in libsodium's 64-byte form (seed ‖ public key) in memory that is wiped when the key is released;
    /// `description`, `debugDescription` and `dump` show only the key's PASERK id.
    public struct SecretKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable
    {
        /// The length of the libsodium form in bytes.
        public static let byteCount = 64
        /// The length of a seed in bytes.
        public static let seedByteCount = 32

        let secret: SecretBytes

        /// The matching public key.
        public let publicKey: PublicKey

        /// The key's PASERK id (`k4.sid.…`).
        public let id: String

        /// Generates a new random key pair with libsodium's CSPRNG.
        ///
        /// - Throws: `TesseraError.Code.cryptoFailure` if libsodium cannot initialise.
        public init() throws(TesseraError) {
            var seed = try Sodium.randomBytes(Self.seedByteCount)
            defer { Sodium.wipe(&seed) }
            try self.init(seed: seed)
        }

        /// Derives the key pair from a 32-byte seed.
        ///
        /// - Parameter seed: Exactly 32 bytes.
        /// - Throws: `TesseraError.Code.invalidKey` for any other length.
        public init(seed: some ContiguousBytes) throws(TesseraError) {
            var derived = try withBytes(seed) { bytes throws(TesseraError) in
                guard bytes.count == Self.seedByteCount else {
                    throw TesseraError(.invalidKey, "an Ed25519 seed is 32 bytes, not \(bytes.count)")
                }
                return try Sodium.ed25519KeyPair(seed: bytes)
            }
            defer { Sodium.wipe(&derived.secretKey) }
            try self.init(checked: derived.secretKey, publicKey: derived.publicKey)
        }

        /// Wraps libsodium's 64-byte secret key (seed ‖ public key), checking that the halves belong together.
        ///
        /// - Parameter rawRepresentation: Exactly 64 bytes.
        /// - Throws: `TesseraError.Code.invalidKey` for another length, or when the public half is not the
        ///   seed's public key (a signing key with a mismatched public half can leak the secret).
        public init(rawRepresentation: some ContiguousBytes) throws(TesseraError) {
            var bytes = rawRepresentation.withUnsafeBytes { Array($0) }
            defer { Sodium.wipe(&bytes) }
            guard bytes.count == Self.byteCount else {
                throw TesseraError(
                    .invalidKey,
                    "a v4.public secret key is 64 bytes (seed and public key), not \(bytes.count)"
                )
            }
            var derived = try withBytes(bytes) { raw throws(TesseraError) in
                try Sodium.ed25519KeyPair(seed: UnsafeRawBufferPointer(rebasing: raw[0..<Self.seedByteCount]))
            }
            defer { Sodium.wipe(&derived.secretKey) }
            guard Sodium.constantTimeEqual(derived.secretKey, bytes) else {
                throw TesseraError(.invalidKey, "the secret key's public half does not match its seed")
            }
            try self.init(checked: bytes, publicKey: derived.publicKey)
        }

        /// Reads a `k4.secret.` PASERK.
        ///
        /// - Parameter paserk: The PASERK string.
        /// - Throws: `TesseraError.Code.invalidPASERK` for another version, type or length;
        ///   `TesseraError.Code.invalidKey` when its halves do not match.
        public init(paserk: String) throws(TesseraError) {
            var bytes = try PASERK.data(of: paserk, as: .secret, length: Self.byteCount)
            defer { Sodium.wipe(&bytes) }
            try self.init(rawRepresentation: bytes)
        }

        private init(checked bytes: [UInt8], publicKey: [UInt8]) throws(TesseraError) {
            secret = SecretBytes(copying: bytes)
            self.publicKey = try PublicKey(rawRepresentation: publicKey)
            id = try secret.withUnsafeBytes { bytes throws(TesseraError) in
                try PASERK.secretIdentifier(.sid, of: .secret, secret: bytes)
            }
        }

        /// The key as a `k4.secret.` PASERK.
        ///
        /// - Important: This string is the secret key itself; store it like one.
        public var paserk: String { Self.paserk(of: secret) }

        /// Reads the 64 key bytes (seed ‖ public key).
        ///
        /// - Parameter body: Receives the bytes; they must not escape the closure.
        /// - Returns: What `body` returns.
        public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
            try secret.withUnsafeBytes(body)
        }

        /// Constant-time equality of the key bytes.
        public static func == (lhs: Self, rhs: Self) -> Bool { lhs.secret.isEqual(to: rhs.secret) }

        /// Names the key by its id only.
        public var description: String { "PASETO.V4.Public.SecretKey(\(id))" }
        /// Names the key by its id only.
        public var debugDescription: String { description }
        /// Shows the key's id and public key only, so `dump` cannot reveal the secret.
        public var customMirror: Mirror {
            Mirror(self, children: ["id": id, "publicKey": publicKey.paserk], displayStyle: .struct)
        }

        private static func paserk(of secret: SecretBytes) -> String {
            secret.withUnsafeBytes { PASERK.serializeSecret(.secret, $0) }
        }
    }
}
