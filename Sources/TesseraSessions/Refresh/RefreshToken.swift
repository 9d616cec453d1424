public import TesseraCore
internal import TesseraSodium

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// An opaque refresh token: 256 bits from libsodium's CSPRNG, written as `trt_` and 43 base64url characters.
///
/// The token is a bearer secret: it is never printed (``description`` is redacted), encoded and decoded in constant
/// time, and the store keeps only its keyed hash (``RefreshTokenKey/hash(_:)``), so a leaked database yields no
/// usable token.
public struct RefreshToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The prefix that marks Tessera refresh tokens (and lets secret scanners find them).
    public static let prefix = "trt_"
    /// The number of random bytes in a token.
    public static let byteCount = 32

    /// The token as sent to the client, e.g. in a cookie.
    public let value: String
    let secret: SecretBytes

    private init(secret: SecretBytes) {
        var text = Array(Self.prefix.utf8)
        secret.withUnsafeBytes { Sodium.appendSecretBase64URL($0, to: &text) }
        self.value = String(decoding: text, as: UTF8.self)
        Sodium.wipe(&text)
        self.secret = secret
    }

    /// A new random token.
    ///
    /// - Throws: ``TesseraError/Code/cryptoFailure`` when libsodium cannot start.
    public static func generate() throws(TesseraError) -> RefreshToken {
        var bytes = try Sodium.randomBytes(byteCount)
        defer { Sodium.wipe(&bytes) }
        return RefreshToken(secret: SecretBytes(copying: bytes))
    }

    /// Reads a token a client presented.
    ///
    /// - Parameter presented: The untrusted text.
    /// - Throws: ``TesseraError/Code/refreshTokenInvalid`` unless it is the prefix and exactly 43 canonical base64url
    ///   characters.
    public init(presented: some StringProtocol) throws(TesseraError) {
        var text = Array(presented.utf8)
        defer { Sodium.wipe(&text) }
        let prefix = Array(Self.prefix.utf8)
        guard text.count == prefix.count + 43, text.starts(with: prefix),
            var bytes = Sodium.decodeSecretBase64URL(Array(text[prefix.count...])), bytes.count == Self.byteCount
        else {
            throw TesseraError(.refreshTokenInvalid, "the refresh token is not a Tessera refresh token")
        }
        defer { Sodium.wipe(&bytes) }
        self.init(secret: SecretBytes(copying: bytes))
    }

    /// Redacted.
    public var description: String { "RefreshToken(redacted)" }
    /// Redacted.
    public var debugDescription: String { description }
    /// Redacted.
    public var customMirror: Mirror { Mirror(self, children: []) }
}

/// The keyed BLAKE2b-256 hash of a refresh token, the only form a store keeps.
public struct RefreshTokenHash: Sendable, Hashable {
    /// The 32 hash bytes.
    public let bytes: [UInt8]

    /// Wraps hash bytes read back from a store.
    ///
    /// - Parameter bytes: The 32 bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }
}

/// The server key refresh tokens are hashed with, shared by every node of a deployment.
///
/// Keyed hashing means that the database alone cannot confirm a guessed token, and that hashes from two deployments
/// do not collide.
public struct RefreshTokenKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let secret: SecretBytes

    /// A key from 32 secret bytes.
    ///
    /// - Parameter rawRepresentation: The key bytes.
    /// - Throws: ``TesseraError/Code/invalidKey`` unless there are exactly 32.
    public init(rawRepresentation: some ContiguousBytes) throws(TesseraError) {
        let count = rawRepresentation.withUnsafeBytes { $0.count }
        guard count == 32 else {
            throw TesseraError(.invalidKey, "a refresh-token key has 32 bytes, not \(count)")
        }
        secret = SecretBytes(copying: rawRepresentation)
    }

    /// A new random key.
    ///
    /// - Throws: ``TesseraError/Code/cryptoFailure`` when libsodium cannot start.
    public static func generate() throws(TesseraError) -> RefreshTokenKey {
        var bytes = try Sodium.randomBytes(32)
        defer { Sodium.wipe(&bytes) }
        return try RefreshTokenKey(rawRepresentation: bytes)
    }

    /// The keyed hash of a token.
    ///
    /// - Parameter token: The token.
    /// - Returns: Its hash.
    /// - Throws: ``TesseraError/Code/cryptoFailure`` when libsodium fails.
    public func hash(_ token: RefreshToken) throws(TesseraError) -> RefreshTokenHash {
        let digest = try secret.withUnsafeBytes { (key) throws(TesseraError) -> [UInt8] in
            try token.secret.withUnsafeBytes { (bytes) throws(TesseraError) -> [UInt8] in
                try Sodium.blake2b(outputLength: 32, key: key) { $0.update(bytes) }
            }
        }
        return RefreshTokenHash(bytes: digest)
    }

    /// Redacted.
    public var description: String { "RefreshTokenKey(redacted)" }
    /// Redacted.
    public var debugDescription: String { description }
    /// Redacted.
    public var customMirror: Mirror { Mirror(self, children: []) }
}
