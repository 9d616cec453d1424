public import TesseraCore
import TesseraSodium

extension PASERK {
    /// PASERK `PIE` symmetric key wrapping for v4 (`k4.local-wrap.pie.`, `k4.secret-wrap.pie.`).
    ///
    /// Data is `t(32) ‖ n(32) ‖ c`; the tag is checked in constant time before anything is decrypted.
    enum PIE {
        static func wrap(
            _ plaintextKey: UnsafeRawBufferPointer,
            as kind: Kind,
            with wrappingKey: PASETO.V4.Local.SymmetricKey
        ) throws(TesseraError) -> String {
            let nonce = try Sodium.randomBytes(32)
            var keys = try derive(nonce: nonce, wrappingKey: wrappingKey)
            defer { keys.wipe() }
            let ciphertext = try keys.xor(plaintextKey)
            let tag = try keys.tag(header: kind.header, nonce: nonce, ciphertext: ciphertext)
            return PASERK.serialize(kind, tag + nonce + ciphertext)
        }

        static func unwrap(
            _ paserk: String,
            as kind: Kind,
            keyLength: Int,
            with wrappingKey: PASETO.V4.Local.SymmetricKey
        ) throws(TesseraError) -> [UInt8] {
            let data = try PASERK.data(of: paserk, as: kind, length: 64 + keyLength)
            let tag = Array(data[0..<32])
            let nonce = Array(data[32..<64])
            let ciphertext = Array(data[64...])
            var keys = try derive(nonce: nonce, wrappingKey: wrappingKey)
            defer { keys.wipe() }
            let expected = try keys.tag(header: kind.header, nonce: nonce, ciphertext: ciphertext)
            guard Sodium.constantTimeEqual(expected, tag) else {
                throw TesseraError(
                    .invalidPASERK,
                    "the \(kind.header) PASERK's tag does not verify under this wrapping key"
                )
            }
            return try withBytes(ciphertext) { bytes throws(TesseraError) in try keys.xor(bytes) }
        }

        private struct Keys {
            var encryption: [UInt8]
            var authentication: [UInt8]

            func xor(_ input: UnsafeRawBufferPointer) throws(TesseraError) -> [UInt8] {
                try withBytes(encryption) { derived throws(TesseraError) in
                    try Sodium.xchacha20(
                        input,
                        nonce: UnsafeRawBufferPointer(rebasing: derived[32..<56]),
                        key: UnsafeRawBufferPointer(rebasing: derived[0..<32])
                    )
                }
            }

            func tag(header: String, nonce: [UInt8], ciphertext: [UInt8]) throws(TesseraError) -> [UInt8] {
                try withBytes(authentication) { key throws(TesseraError) in
                    try Sodium.blake2b(outputLength: 32, key: key, Array(header.utf8), nonce, ciphertext)
                }
            }

            mutating func wipe() {
                Sodium.wipe(&encryption)
                Sodium.wipe(&authentication)
            }
        }

        private static func derive(
            nonce: [UInt8],
            wrappingKey: PASETO.V4.Local.SymmetricKey
        ) throws(TesseraError) -> Keys {
            try wrappingKey.withUnsafeBytes { key throws(TesseraError) in
                Keys(
                    encryption: try Sodium.blake2b(outputLength: 56, key: key, [0x80], nonce),
                    authentication: try Sodium.blake2b(outputLength: 32, key: key, [0x81], nonce)
                )
            }
        }
    }
}

extension PASETO.V4.Local.SymmetricKey {
    /// Wraps this key under another `v4.local` key as a `k4.local-wrap.pie.` PASERK.
    ///
    /// - Parameter wrappingKey: The key that encrypts this one.
    /// - Returns: The wrapped PASERK; its id is this key's ``id``.
    /// - Throws: `TesseraError.Code.cryptoFailure` if libsodium fails.
    public func wrapped(with wrappingKey: Self) throws(TesseraError) -> String {
        try secret.withUnsafeBytes { bytes throws(TesseraError) in
            try PASERK.PIE.wrap(bytes, as: .localWrap, with: wrappingKey)
        }
    }

    /// Unwraps a `k4.local-wrap.pie.` PASERK.
    ///
    /// - Parameters:
    ///   - wrapped: The wrapped PASERK.
    ///   - wrappingKey: The key it was wrapped with.
    /// - Throws: `TesseraError.Code.invalidPASERK` for another version or type, a wrong length, or a tag that
    ///   does not verify under `wrappingKey`.
    public init(wrapped: String, wrappingKey: Self) throws(TesseraError) {
        var bytes = try PASERK.PIE.unwrap(wrapped, as: .localWrap, keyLength: Self.byteCount, with: wrappingKey)
        defer { Sodium.wipe(&bytes) }
        try self.init(rawRepresentation: bytes)
    }
}

extension PASETO.V4.Public.SecretKey {
    /// Wraps this key under a `v4.local` key as a `k4.secret-wrap.pie.` PASERK.
    ///
    /// - Parameter wrappingKey: The symmetric key that encrypts this one.
    /// - Returns: The wrapped PASERK; its id is this key's ``id``.
    /// - Throws: `TesseraError.Code.cryptoFailure` if libsodium fails.
    public func wrapped(with wrappingKey: PASETO.V4.Local.SymmetricKey) throws(TesseraError) -> String {
        try secret.withUnsafeBytes { bytes throws(TesseraError) in
            try PASERK.PIE.wrap(bytes, as: .secretWrap, with: wrappingKey)
        }
    }

    /// Unwraps a `k4.secret-wrap.pie.` PASERK.
    ///
    /// - Parameters:
    ///   - wrapped: The wrapped PASERK.
    ///   - wrappingKey: The symmetric key it was wrapped with.
    /// - Throws: `TesseraError.Code.invalidPASERK` for another version or type, a wrong length, or a tag that
    ///   does not verify; `TesseraError.Code.invalidKey` when the unwrapped halves do not match.
    public init(wrapped: String, wrappingKey: PASETO.V4.Local.SymmetricKey) throws(TesseraError) {
        var bytes = try PASERK.PIE.unwrap(wrapped, as: .secretWrap, keyLength: Self.byteCount, with: wrappingKey)
        defer { Sodium.wipe(&bytes) }
        try self.init(rawRepresentation: bytes)
    }
}
