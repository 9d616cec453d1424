internal import CTesseraSodium
package import TesseraCore

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// The thin Swift face of libsodium; with `SecretBytes`, the only code that calls into C.
///
/// Every function checks lengths before calling C and maps C failures to `TesseraError`.
package enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    /// A readable byte for empty inputs: libsodium declares its pointers non-null even when the length is zero.
    nonisolated(unsafe) private static let emptyInput = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)

    /// Initialises libsodium once (thread-safe through Swift's lazy global initialisation).
    @inline(__always)
    package static func initialize() throws(TesseraError) {
        guard initialized else { throw TesseraError(.cryptoFailure, "libsodium failed to initialise") }
    }

    /// The base address of `bytes` as libsodium's input type, valid even for an empty buffer.
    @inline(__always)
    package static func input(_ bytes: UnsafeRawBufferPointer) -> UnsafePointer<UInt8> {
        guard let base = bytes.baseAddress else { return UnsafePointer(emptyInput) }
        return base.assumingMemoryBound(to: UInt8.self)
    }

    /// Runs `body` with a fresh zeroed output buffer of `count` bytes and returns it if `body` reports success.
    @inline(__always)
    package static func output(
        _ count: Int,
        failure: @autoclosure () -> TesseraError,
        _ body: (UnsafeMutablePointer<UInt8>) -> Int32
    ) throws(TesseraError) -> [UInt8] {
        var status: Int32 = -1
        let bytes = [UInt8](unsafeUninitializedCapacity: max(count, 1)) { buffer, initialized in
            buffer.initialize(repeating: 0)
            if let base = buffer.baseAddress { status = body(base) }
            initialized = count
        }
        guard status == 0 else { throw failure() }
        return bytes
    }

    /// `count` bytes from libsodium's CSPRNG.
    package static func randomBytes(_ count: Int) throws(TesseraError) -> [UInt8] {
        try initialize()
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { randombytes_buf(base, buffer.count) }
        }
        return bytes
    }

    /// Overwrites `bytes` with zeros in a way the compiler cannot elide.
    package static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
        }
    }

    /// Overwrites raw memory with zeros in a way the compiler cannot elide.
    package static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        if let base = buffer.baseAddress { sodium_memzero(base, buffer.count) }
    }

    /// Appends the unpadded base64url encoding of secret bytes to `output`, in constant time.
    ///
    /// Tessera's own `Base64URL` indexes a table with each byte, which leaks the bytes through cache timing; libsodium's
    /// `sodium_bin2base64` computes each character arithmetically. Use this for every secret (PASERK `k4.local` and
    /// `k4.secret` data, JWK `k` and `d`); `output` should be wiped by the caller once used.
    package static func appendSecretBase64URL(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) {
        let variant = Int32(sodium_base64_VARIANT_URLSAFE_NO_PADDING)
        let capacity = sodium_base64_encoded_len(bytes.count, variant)  // includes the terminating NUL
        var encoded = [UInt8](repeating: 0, count: capacity)
        defer { wipe(&encoded) }
        encoded.withUnsafeMutableBytes { out in
            guard let base = out.baseAddress else { return }
            _ = sodium_bin2base64(
                base.assumingMemoryBound(to: CChar.self),
                capacity,
                input(bytes),
                bytes.count,
                variant
            )
        }
        output.append(contentsOf: encoded.prefix(capacity - 1))
    }

    /// Decodes unpadded base64url that holds secret bytes, in constant time, or `nil` when the text is not canonical
    /// base64url (a character outside the alphabet, padding, a dangling character or non-zero trailing bits, all
    /// refused by `sodium_base642bin`). The caller wipes the result.
    package static func decodeSecretBase64URL(_ characters: [UInt8]) -> [UInt8]? {
        // libsodium 1.0.18 decodes some bytes above 0x7F as alphabet characters (found by the `paserk` fuzz target:
        // "…z\u{589}E…" decoded as "…z__E…"), so a key would have a second spelling. Refuse any such byte first,
        // without branching on the characters.
        var highBits: UInt8 = 0
        for character in characters { highBits |= character }
        guard highBits & 0x80 == 0 else { return nil }
        var output = [UInt8](repeating: 0, count: characters.count * 3 / 4 + 1)
        var length = 0
        var end: UnsafePointer<CChar>?
        let decoded = characters.withUnsafeBytes { input -> Bool in
            output.withUnsafeMutableBytes { out -> Bool in
                guard let text = input.baseAddress?.assumingMemoryBound(to: CChar.self),
                    let target = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
                else { return false }
                let result = sodium_base642bin(
                    target,
                    out.count,
                    text,
                    input.count,
                    nil,
                    &length,
                    &end,
                    Int32(sodium_base64_VARIANT_URLSAFE_NO_PADDING)
                )
                guard result == 0, let end else { return false }
                return end - text == input.count
            }
        }
        guard decoded else {
            wipe(&output)
            return nil
        }
        let result = Array(output.prefix(length))
        wipe(&output)
        return result
    }

    /// Constant-time equality; lengths are compared first (lengths are not secret).
    package static func constantTimeEqual(_ lhs: some ContiguousBytes, _ rhs: some ContiguousBytes) -> Bool {
        lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                guard left.count == right.count else { return false }
                guard let l = left.baseAddress, let r = right.baseAddress else { return true }
                return sodium_memcmp(l, r, left.count) == 0
            }
        }
    }
}

// MARK: - BLAKE2b

extension Sodium {
    /// An incremental BLAKE2b hash (`crypto_generichash`) over state that lives only inside ``blake2b(outputLength:key:_:)``,
    /// so PAE pieces are hashed without concatenating them and without a heap allocation.
    package struct BLAKE2b {
        fileprivate let state: OpaquePointer
        fileprivate let outputLength: Int

        /// Absorbs bytes.
        package func update(_ bytes: UnsafeRawBufferPointer) {
            guard !bytes.isEmpty else { return }
            crypto_generichash_update(state, Sodium.input(bytes), UInt64(bytes.count))
        }

        /// Absorbs bytes.
        package func update(_ bytes: [UInt8]) {
            bytes.withUnsafeBytes { update($0) }
        }

        /// Absorbs bytes.
        package func update(_ bytes: ArraySlice<UInt8>) {
            bytes.withUnsafeBytes { update($0) }
        }

        /// Absorbs `LE64(value)`, the length encoding of PASETO's PAE.
        package func update(le64 value: Int) {
            withUnsafeBytes(of: (UInt64(value) & 0x7FFF_FFFF_FFFF_FFFF).littleEndian) { update($0) }
        }

        /// Writes the digest to `output`, which holds `outputLength` bytes; called once, by
        /// ``Sodium/blake2b(into:key:_:)``.
        fileprivate func finalize(into output: UnsafeMutablePointer<UInt8>) -> Bool {
            crypto_generichash_final(state, output, outputLength) == 0
        }
    }

    /// The BLAKE2b digest (`outputLength` bytes, keyed when `key` is given) of what `absorb` feeds the hasher; the
    /// state lives in a temporary allocation and is wiped after.
    package static func blake2b(
        outputLength: Int,
        key: UnsafeRawBufferPointer?,
        _ absorb: (BLAKE2b) -> Void
    ) throws(TesseraError) -> [UInt8] {
        try makeBytes(count: outputLength) { output throws(TesseraError) in try blake2b(into: output, key: key, absorb)
        }
    }

    /// Writes the BLAKE2b digest (`output.count` bytes, keyed when `key` is given) of what `absorb` feeds the hasher
    /// to `output`, so a caller can keep derived keys out of the heap; the state lives in a temporary allocation and
    /// is wiped after.
    package static func blake2b(
        into output: UnsafeMutableRawBufferPointer,
        key: UnsafeRawBufferPointer?,
        _ absorb: (BLAKE2b) -> Void
    ) throws(TesseraError) {
        try initialize()
        // The state must be 64-byte aligned; Swift only stack-allocates at 16-byte alignment, so the buffer has room to
        // align it by hand (an alignment of 64 would move the state, and a key-dependent secret, to the heap).
        let stateBytes = crypto_generichash_statebytes()
        let done = withUnsafeTemporaryAllocation(byteCount: stateBytes + 64, alignment: 16) { raw -> Bool in
            guard let start = raw.baseAddress, let target = output.baseAddress else { return false }
            defer { sodium_memzero(start, raw.count) }
            let base = start.alignedUp(toMultipleOf: 64)
            let state = OpaquePointer(base)
            let keyPointer = key.map { Sodium.input($0) }
            guard crypto_generichash_init(state, keyPointer, key?.count ?? 0, output.count) == 0 else { return false }
            let hash = BLAKE2b(state: state, outputLength: output.count)
            absorb(hash)
            return hash.finalize(into: target.assumingMemoryBound(to: UInt8.self))
        }
        guard done else { throw TesseraError(.cryptoFailure, "BLAKE2b rejected its parameters") }
    }

    /// One-shot BLAKE2b of the concatenation of `pieces`.
    package static func blake2b(
        outputLength: Int,
        key: UnsafeRawBufferPointer?,
        _ pieces: [UInt8]...
    ) throws(TesseraError) -> [UInt8] {
        try blake2b(outputLength: outputLength, key: key) { hash in
            for piece in pieces { hash.update(piece) }
        }
    }
}

// MARK: - XChaCha20

extension Sodium {
    /// XOR with the raw XChaCha20 key stream (`crypto_stream_xchacha20_xor`), as PASETO v4 and PASERK use it.
    package static func xchacha20(
        _ input: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        key: UnsafeRawBufferPointer
    ) throws(TesseraError) -> [UInt8] {
        guard !input.isEmpty else {
            try xchacha20(input, into: UnsafeMutableRawBufferPointer(start: nil, count: 0), nonce: nonce, key: key)
            return []
        }
        return try makeBytes(count: input.count) { output throws(TesseraError) in
            try xchacha20(input, into: output, nonce: nonce, key: key)
        }
    }

    /// XOR with the raw XChaCha20 key stream into `output`, which has exactly as many bytes as `input`.
    package static func xchacha20(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        key: UnsafeRawBufferPointer
    ) throws(TesseraError) {
        guard nonce.count == crypto_stream_xchacha20_NONCEBYTES, key.count == crypto_stream_xchacha20_KEYBYTES else {
            throw TesseraError(.cryptoFailure, "XChaCha20 needs a 24-byte nonce and a 32-byte key")
        }
        guard output.count == input.count else {
            throw TesseraError(.cryptoFailure, "XChaCha20 writes exactly as many bytes as it reads")
        }
        guard !input.isEmpty, let target = output.baseAddress else { return }
        let status = crypto_stream_xchacha20_xor(
            target.assumingMemoryBound(to: UInt8.self),
            Sodium.input(input),
            UInt64(input.count),
            Sodium.input(nonce),
            Sodium.input(key)
        )
        guard status == 0 else { throw TesseraError(.cryptoFailure, "XChaCha20 failed") }
    }

    /// Fills `output` from libsodium's CSPRNG.
    package static func randomBytes(into output: UnsafeMutableRawBufferPointer) throws(TesseraError) {
        try initialize()
        if let base = output.baseAddress { randombytes_buf(base, output.count) }
    }
}

// MARK: - Ed25519

extension Sodium {
    package static let ed25519SignatureLength = Int(crypto_sign_BYTES)

    /// Derives the libsodium Ed25519 key pair (64-byte secret key = seed ‖ pk) from a 32-byte seed.
    package static func ed25519KeyPair(
        seed: UnsafeRawBufferPointer
    ) throws(TesseraError) -> (publicKey: [UInt8], secretKey: [UInt8]) {
        try initialize()
        guard seed.count == crypto_sign_SEEDBYTES else {
            throw TesseraError(.invalidKey, "an Ed25519 seed is 32 bytes")
        }
        var publicKey = [UInt8](repeating: 0, count: Int(crypto_sign_PUBLICKEYBYTES))
        let secretKey = try output(
            Int(crypto_sign_SECRETKEYBYTES),
            failure: TesseraError(.cryptoFailure, "Ed25519 key derivation failed")
        ) { sk in
            publicKey.withUnsafeMutableBufferPointer { pk in
                guard let pkBase = pk.baseAddress else { return -1 }
                return crypto_sign_seed_keypair(pkBase, sk, Sodium.input(seed))
            }
        }
        return (publicKey, secretKey)
    }

    /// A detached Ed25519 signature of `message` under a 64-byte libsodium secret key.
    package static func ed25519Sign(
        _ message: UnsafeRawBufferPointer,
        secretKey: UnsafeRawBufferPointer
    ) throws(TesseraError) -> [UInt8] {
        try initialize()
        guard secretKey.count == crypto_sign_SECRETKEYBYTES else {
            throw TesseraError(.invalidKey, "an Ed25519 secret key is 64 bytes")
        }
        return try output(ed25519SignatureLength, failure: TesseraError(.cryptoFailure, "Ed25519 signing failed")) {
            out in
            crypto_sign_detached(out, nil, Sodium.input(message), UInt64(message.count), Sodium.input(secretKey))
        }
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` under `publicKey`.
    package static func ed25519Verify(
        _ signature: UnsafeRawBufferPointer,
        message: UnsafeRawBufferPointer,
        publicKey: UnsafeRawBufferPointer
    ) throws(TesseraError) -> Bool {
        try initialize()
        guard signature.count == ed25519SignatureLength, publicKey.count == crypto_sign_PUBLICKEYBYTES else {
            return false
        }
        return crypto_sign_verify_detached(
            Sodium.input(signature),
            Sodium.input(message),
            UInt64(message.count),
            Sodium.input(publicKey)
        ) == 0
    }
}

// MARK: - X25519 (PASERK seal)

extension Sodium {
    /// Converts an Ed25519 public key to its X25519 form.
    package static func x25519PublicKey(fromEd25519 publicKey: UnsafeRawBufferPointer) throws(TesseraError) -> [UInt8] {
        try initialize()
        guard publicKey.count == crypto_sign_PUBLICKEYBYTES else {
            throw TesseraError(.invalidKey, "an Ed25519 public key is 32 bytes")
        }
        return try output(
            Int(crypto_scalarmult_BYTES),
            failure: TesseraError(.invalidKey, "the Ed25519 public key has no X25519 form")
        ) { out in
            crypto_sign_ed25519_pk_to_curve25519(out, Sodium.input(publicKey))
        }
    }

    /// Converts a 64-byte Ed25519 secret key to its X25519 scalar.
    package static func x25519SecretKey(fromEd25519 secretKey: UnsafeRawBufferPointer) throws(TesseraError) -> [UInt8] {
        try initialize()
        guard secretKey.count == crypto_sign_SECRETKEYBYTES else {
            throw TesseraError(.invalidKey, "an Ed25519 secret key is 64 bytes")
        }
        return try output(
            Int(crypto_scalarmult_SCALARBYTES),
            failure: TesseraError(.invalidKey, "the Ed25519 secret key has no X25519 form")
        ) { out in
            crypto_sign_ed25519_sk_to_curve25519(out, Sodium.input(secretKey))
        }
    }

    /// `scalar · G` on Curve25519.
    package static func x25519Base(_ scalar: [UInt8]) throws(TesseraError) -> [UInt8] {
        try initialize()
        guard scalar.count == crypto_scalarmult_SCALARBYTES else {
            throw TesseraError(.invalidKey, "an X25519 scalar is 32 bytes")
        }
        return try output(
            Int(crypto_scalarmult_BYTES),
            failure: TesseraError(.cryptoFailure, "X25519 base multiplication failed")
        ) { out in
            scalar.withUnsafeBytes { crypto_scalarmult_base(out, Sodium.input($0)) }
        }
    }

    /// The X25519 shared secret; refuses low-order points (libsodium reports an all-zero result as failure).
    package static func x25519(_ scalar: [UInt8], _ point: [UInt8]) throws(TesseraError) -> [UInt8] {
        try initialize()
        guard scalar.count == crypto_scalarmult_SCALARBYTES, point.count == crypto_scalarmult_BYTES else {
            throw TesseraError(.invalidKey, "X25519 needs a 32-byte scalar and a 32-byte point")
        }
        return try output(
            Int(crypto_scalarmult_BYTES),
            failure: TesseraError(.invalidPASERK, "the ephemeral key is a low-order point")
        ) { out in
            scalar.withUnsafeBytes { s in
                point.withUnsafeBytes { p in crypto_scalarmult(out, Sodium.input(s), Sodium.input(p)) }
            }
        }
    }
}

// MARK: - Argon2id (PASERK *-pw)

extension Sodium {
    package static let argon2idMinimumMemory = UInt64(crypto_pwhash_MEMLIMIT_MIN)
    package static let argon2idMinimumOperations = UInt32(crypto_pwhash_OPSLIMIT_MIN)

    /// A 32-byte Argon2id13 key from a password, with one lane (the only parallelism libsodium offers).
    package static func argon2id(
        password: [UInt8],
        salt: [UInt8],
        memoryBytes: UInt64,
        operations: UInt32
    ) throws(TesseraError) -> [UInt8] {
        try initialize()
        guard salt.count == crypto_pwhash_SALTBYTES else {
            throw TesseraError(.cryptoFailure, "Argon2id needs a 16-byte salt")
        }
        let failure = TesseraError(.cryptoFailure, "Argon2id failed (not enough memory for \(memoryBytes) bytes?)")
        return try output(32, failure: failure) { out in
            password.withUnsafeBytes { pw in
                salt.withUnsafeBytes { s in
                    let passwordPointer = UnsafeRawPointer(Sodium.input(pw)).assumingMemoryBound(to: CChar.self)
                    return crypto_pwhash(
                        out,
                        32,
                        passwordPointer,
                        UInt64(pw.count),
                        Sodium.input(s),
                        UInt64(operations),
                        Int(memoryBytes),
                        crypto_pwhash_ALG_ARGON2ID13
                    )
                }
            }
        }
    }
}
