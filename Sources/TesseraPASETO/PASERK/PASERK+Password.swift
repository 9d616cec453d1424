public import TesseraCore
import TesseraSodium

extension PASERK {
    /// PASERK password-based key wrapping for v4 (`k4.local-pw.`, `k4.secret-pw.`) with Argon2id.
    ///
    /// Data is `s(16) ‖ mem(u64 BE) ‖ time(u32 BE) ‖ para(u32 BE) ‖ n(24) ‖ edk ‖ t(32)`.
    enum PBKW {
        static func wrap(
            _ plaintextKey: UnsafeRawBufferPointer,
            as kind: Kind,
            password: [UInt8],
            cost: PASETO.PasswordHashing
        ) throws(TesseraError) -> String {
            try check(cost, ceiling: .init(memoryBytes: .max, operations: .max))
            let salt = try Sodium.randomBytes(16)
            let nonce = try Sodium.randomBytes(24)
            let parameters = bigEndian(cost.memoryBytes, 8) + bigEndian(UInt64(cost.operations), 4) + bigEndian(1, 4)
            var keys = try derive(password: password, salt: salt, cost: cost)
            defer { keys.wipe() }
            let encrypted = try withBytes(nonce) { n throws(TesseraError) in
                try withBytes(keys.encryption) { ek throws(TesseraError) in
                    try Sodium.xchacha20(plaintextKey, nonce: n, key: ek)
                }
            }
            let tag = try withBytes(keys.authentication) { ak throws(TesseraError) in
                try Sodium.blake2b(
                    outputLength: 32,
                    key: ak,
                    Array(kind.header.utf8),
                    salt,
                    parameters,
                    nonce,
                    encrypted
                )
            }
            return PASERK.serialize(kind, salt + parameters + nonce + encrypted + tag)
        }

        static func unwrap(
            _ paserk: String,
            as kind: Kind,
            keyLength: Int,
            password: [UInt8],
            ceiling: PASETO.PasswordHashing
        ) throws(TesseraError) -> [UInt8] {
            let data = try PASERK.data(of: paserk, as: kind, length: 16 + 16 + 24 + keyLength + 32)
            let salt = Array(data[0..<16])
            let parameters = Array(data[16..<32])
            let memory = integer(data[16..<24])
            let operations = integer(data[24..<28])
            let parallelism = integer(data[28..<32])
            let nonce = Array(data[32..<56])
            let encrypted = Array(data[56..<(56 + keyLength)])
            let tag = Array(data[(56 + keyLength)...])
            guard parallelism == 1 else {
                throw TesseraError(
                    .unsupportedParameters,
                    "the PASERK asks for Argon2id parallelism \(parallelism); only 1 is supported"
                )
            }
            guard operations <= UInt64(UInt32.max) else {
                throw TesseraError(.unsupportedParameters, "the PASERK's Argon2id time cost is out of range")
            }
            let cost = PASETO.PasswordHashing(memoryBytes: memory, operations: UInt32(operations))
            try check(cost, ceiling: ceiling)
            var keys = try derive(password: password, salt: salt, cost: cost)
            defer { keys.wipe() }
            let expected = try withBytes(keys.authentication) { ak throws(TesseraError) in
                try Sodium.blake2b(
                    outputLength: 32,
                    key: ak,
                    Array(kind.header.utf8),
                    salt,
                    parameters,
                    nonce,
                    encrypted
                )
            }
            guard Sodium.constantTimeEqual(expected, tag) else {
                throw TesseraError(
                    .invalidPASERK,
                    "the \(kind.header) PASERK does not verify: wrong password or altered data"
                )
            }
            return try withBytes(nonce) { n throws(TesseraError) in
                try withBytes(encrypted) { edk throws(TesseraError) in
                    try withBytes(keys.encryption) { ek throws(TesseraError) in
                        try Sodium.xchacha20(edk, nonce: n, key: ek)
                    }
                }
            }
        }

        private static func check(_ cost: PASETO.PasswordHashing, ceiling: PASETO.PasswordHashing) throws(TesseraError)
        {
            guard cost.memoryBytes >= Sodium.argon2idMinimumMemory, cost.operations >= Sodium.argon2idMinimumOperations
            else {
                throw TesseraError(.unsupportedParameters, "Argon2id needs at least 8 KiB of memory and one pass")
            }
            guard cost.memoryBytes <= ceiling.memoryBytes, cost.operations <= ceiling.operations,
                cost.memoryBytes <= UInt64(Int.max)
            else {
                throw TesseraError(
                    .unsupportedParameters,
                    "the Argon2id cost (\(cost.memoryBytes) bytes, \(cost.operations) passes) exceeds the ceiling (\(ceiling.memoryBytes) bytes, \(ceiling.operations) passes)"
                )
            }
        }

        private struct Keys {
            var encryption: [UInt8]
            var authentication: [UInt8]

            mutating func wipe() {
                Sodium.wipe(&encryption)
                Sodium.wipe(&authentication)
            }
        }

        private static func derive(
            password: [UInt8],
            salt: [UInt8],
            cost: PASETO.PasswordHashing
        ) throws(TesseraError) -> Keys {
            var key = try Sodium.argon2id(
                password: password,
                salt: salt,
                memoryBytes: cost.memoryBytes,
                operations: cost.operations
            )
            defer { Sodium.wipe(&key) }
            return Keys(
                encryption: try Sodium.blake2b(outputLength: 32, key: nil, [0xFF], key),
                authentication: try Sodium.blake2b(outputLength: 32, key: nil, [0xFE], key)
            )
        }

        private static func bigEndian(_ value: UInt64, _ width: Int) -> [UInt8] {
            (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64(width - 1 - $0))) }
        }

        private static func integer(_ bytes: ArraySlice<UInt8>) -> UInt64 {
            bytes.reduce(0) { $0 << 8 | UInt64($1) }
        }
    }
}

extension PASETO.V4.Local.SymmetricKey {
    /// Wraps this key under a password as a `k4.local-pw.` PASERK (Argon2id, one lane).
    ///
    /// - Parameters:
    ///   - password: The password's bytes, used as given (no normalisation).
    ///   - cost: The Argon2id cost.
    /// - Returns: The wrapped PASERK.
    /// - Throws: `TesseraError.Code.unsupportedParameters` for costs below Argon2id's minimum.
    public func passwordWrapped(
        password: some Sequence<UInt8>,
        cost: PASETO.PasswordHashing = .interactive
    ) throws(TesseraError) -> String {
        var password = Array(password)
        defer { Sodium.wipe(&password) }
        return try secret.withUnsafeBytes { bytes throws(TesseraError) in
            try PASERK.PBKW.wrap(bytes, as: .localPassword, password: password, cost: cost)
        }
    }

    /// Unwraps a `k4.local-pw.` PASERK.
    ///
    /// - Parameters:
    ///   - passwordWrapped: The wrapped PASERK.
    ///   - password: The password's bytes.
    ///   - ceiling: The highest Argon2id cost accepted from the PASERK.
    /// - Throws: `TesseraError.Code.invalidPASERK` for a wrong password, altered data, another version or type;
    ///   `TesseraError.Code.unsupportedParameters` for costs above `ceiling` or parallelism other than 1.
    public init(
        passwordWrapped: String,
        password: some Sequence<UInt8>,
        ceiling: PASETO.PasswordHashing = .unwrapCeiling
    ) throws(TesseraError) {
        var copied = Array(password)
        defer { Sodium.wipe(&copied) }
        var bytes = try PASERK.PBKW.unwrap(
            passwordWrapped,
            as: .localPassword,
            keyLength: Self.byteCount,
            password: copied,
            ceiling: ceiling
        )
        defer { Sodium.wipe(&bytes) }
        try self.init(rawRepresentation: bytes)
    }
}

extension PASETO.V4.Public.SecretKey {
    /// Wraps this key under a password as a `k4.secret-pw.` PASERK (Argon2id, one lane).
    ///
    /// - Parameters:
    ///   - password: The password's bytes, used as given (no normalisation).
    ///   - cost: The Argon2id cost.
    /// - Returns: The wrapped PASERK.
    /// - Throws: `TesseraError.Code.unsupportedParameters` for costs below Argon2id's minimum.
    public func passwordWrapped(
        password: some Sequence<UInt8>,
        cost: PASETO.PasswordHashing = .interactive
    ) throws(TesseraError) -> String {
        var password = Array(password)
        defer { Sodium.wipe(&password) }
        return try secret.withUnsafeBytes { bytes throws(TesseraError) in
            try PASERK.PBKW.wrap(bytes, as: .secretPassword, password: password, cost: cost)
        }
    }

    /// Unwraps a `k4.secret-pw.` PASERK.
    ///
    /// - Parameters:
    ///   - passwordWrapped: The wrapped PASERK.
    ///   - password: The password's bytes.
    ///   - ceiling: The highest Argon2id cost accepted from the PASERK.
    /// - Throws: As ``PASETO/V4/Local/SymmetricKey/init(passwordWrapped:password:ceiling:)``, and
    ///   `TesseraError.Code.invalidKey` when the unwrapped halves do not match.
    public init(
        passwordWrapped: String,
        password: some Sequence<UInt8>,
        ceiling: PASETO.PasswordHashing = .unwrapCeiling
    ) throws(TesseraError) {
        var copied = Array(password)
        defer { Sodium.wipe(&copied) }
        var bytes = try PASERK.PBKW.unwrap(
            passwordWrapped,
            as: .secretPassword,
            keyLength: Self.byteCount,
            password: copied,
            ceiling: ceiling
        )
        defer { Sodium.wipe(&bytes) }
        try self.init(rawRepresentation: bytes)
    }
}
