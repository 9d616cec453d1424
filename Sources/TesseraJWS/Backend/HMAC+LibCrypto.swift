internal import CTesseraLibCrypto
import TesseraCore
import TesseraSodium

/// HMAC through OpenSSL 3's `EVP_MAC`, with keyed contexts pooled per key (fewer allocations inside OpenSSL than
/// `EVP_MAC_CTX_dup` per operation, ten, or the one-shot `HMAC()`, thirteen).
///
/// Each operation restarts its context right after `EVP_MAC_final`, before the context goes back to the pool: an
/// idle context then holds no state of the message it just authenticated (whose inner digest state equals the MAC),
/// and the next operation starts from the key. `EVP_MAC_init` without a key restarts from the keyed state the
/// context holds; OpenSSL 3.0.0–3.0.2 accept that call and ignore it (openssl/openssl#17811), so with those the
/// context is given its key again.
final class HMACContext: Sendable {
    nonisolated(unsafe) private static let implementation: OpaquePointer? = EVP_MAC_fetch(nil, "HMAC", nil)
    /// Whether the libcrypto loaded at run time (not the headers built against) restarts a context without its key:
    /// 3.0.3 and later.
    private static let restartsWithoutKey = OpenSSL_version_num() >= 0x3000_0030

    private let contexts: ContextPool
    private let key: SecretBytes
    let outputLength: Int

    init(key: SecretBytes, digest: LibCrypto.Digest) throws(TesseraError) {
        guard Self.implementation != nil else {
            throw LibCrypto.failure("HMAC is not available from libcrypto's default provider")
        }
        let contexts = ContextPool(
            make: {
                guard let implementation = Self.implementation, let context = EVP_MAC_CTX_new(implementation) else {
                    return nil
                }
                guard Self.initialise(context, key: key, digestName: digest.name) else {
                    EVP_MAC_CTX_free(context)
                    return nil
                }
                return context
            },
            free: { EVP_MAC_CTX_free($0) }
        )
        // One context now, so that a key OpenSSL refuses fails here rather than on first use.
        try contexts.withContext { _ throws(TesseraError) in }
        self.contexts = contexts
        self.key = key
        outputLength = digest.size
    }

    private static func initialise(_ context: OpaquePointer, key: SecretBytes, digestName: String) -> Bool {
        digestName.withCString { digestName -> Bool in
            "digest".withCString { parameterName -> Bool in
                var parameters = [
                    OSSL_PARAM_construct_utf8_string(parameterName, UnsafeMutablePointer(mutating: digestName), 0),
                    OSSL_PARAM_construct_end(),
                ]
                return key.withUnsafeBytes { secret in
                    EVP_MAC_init(
                        context,
                        secret.baseAddress?.assumingMemoryBound(to: UInt8.self),
                        secret.count,
                        &parameters
                    ) == 1
                }
            }
        }
    }

    /// Restarts a context from its key, keeping its digest.
    ///
    /// - Parameter context: A context of this key.
    /// - Returns: Whether OpenSSL succeeded.
    private func restart(_ context: OpaquePointer) -> Bool {
        if Self.restartsWithoutKey { return EVP_MAC_init(context, nil, 0, nil) == 1 }
        return key.withUnsafeBytes { secret in
            EVP_MAC_init(context, secret.baseAddress?.assumingMemoryBound(to: UInt8.self), secret.count, nil) == 1
        }
    }

    /// Writes the HMAC of `message` to `output`, which has room for ``outputLength`` bytes.
    private func authenticate(
        _ message: UnsafeRawBufferPointer,
        into output: UnsafeMutablePointer<UInt8>
    )
        throws(TesseraError)
    {
        try contexts.withContext { context throws(TesseraError) in
            var length = 0
            guard
                EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1,
                EVP_MAC_final(context, output, &length, outputLength) == 1, length == outputLength
            else { throw LibCrypto.failure("HMAC failed") }
            guard restart(context) else { throw LibCrypto.failure("HMAC failed to restart its context") }
        }
    }

    /// The HMAC of `message`.
    func authenticationCode(for message: UnsafeRawBufferPointer) throws(TesseraError) -> [UInt8] {
        try makeBytes(count: outputLength) { code throws(TesseraError) in
            guard let base = code.baseAddress else { throw LibCrypto.failure("HMAC has no output") }
            try authenticate(message, into: base.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Whether `code` is the HMAC of `message`, compared in constant time; the expected code lives in a temporary
    /// buffer that is wiped after the comparison.
    func isValidAuthenticationCode(
        _ code: UnsafeRawBufferPointer,
        for message: UnsafeRawBufferPointer
    )
        throws(TesseraError) -> Bool
    {
        guard code.count == outputLength else { return false }
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: outputLength) {
            expected throws(TesseraError) -> Bool in
            guard let base = expected.baseAddress else { return false }
            defer { Sodium.wipe(UnsafeMutableRawBufferPointer(expected)) }
            try authenticate(message, into: base)
            return Sodium.constantTimeEqual(UnsafeRawBufferPointer(expected), code)
        }
    }
}
