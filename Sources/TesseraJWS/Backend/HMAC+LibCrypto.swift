internal import CTesseraLibCrypto
import TesseraCore
import TesseraSodium

/// HMAC through OpenSSL 3's `EVP_MAC`, with keyed contexts pooled per key (fewer allocations inside OpenSSL than
/// `EVP_MAC_CTX_dup` per operation, ten, or the one-shot `HMAC()`, thirteen).
///
/// Each operation restarts its context right after `EVP_MAC_final`, before the context goes back to the pool: an
/// idle context then holds no state of the message it just authenticated (whose inner digest state equals the MAC),
/// and the next operation starts from the key. `EVP_MAC_init` without a key restarts from the keyed state the
/// context holds, but the HMAC provider of OpenSSL 3.0.0–3.0.2 (and a FIPS provider of that age under a newer
/// libcrypto) accepts that call and ignores it (openssl/openssl#17811); where a probe of the loaded provider shows
/// that, the context is given its key again instead.
final class HMACContext: Sendable {
    nonisolated(unsafe) private static let implementation: OpaquePointer? = EVP_MAC_fetch(nil, "HMAC", nil)
    /// Whether the HMAC provider in use restarts a context without its key, probed once: the same message
    /// authenticated before and after such a restart must give the same MAC.
    static let providerRestartsWithoutKey = probeRestartWithoutKey()

    private let contexts: ContextPool
    private let key: SecretBytes
    private let restartsWithoutKey: Bool
    let outputLength: Int

    /// Creates the pool of contexts for one key.
    ///
    /// - Parameters:
    ///   - key: The secret.
    ///   - digest: The hash.
    ///   - restartsWithoutKey: Whether contexts are restarted without the key (``providerRestartsWithoutKey``) or
    ///     given it again (tests choose the second to check it where the provider would not need it).
    init(
        key: SecretBytes,
        digest: LibCrypto.Digest,
        restartsWithoutKey: Bool = HMACContext.providerRestartsWithoutKey
    ) throws(TesseraError) {
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
        self.restartsWithoutKey = restartsWithoutKey
        outputLength = digest.size
    }

    private static func probeRestartWithoutKey() -> Bool {
        guard let implementation, let context = EVP_MAC_CTX_new(implementation) else { return false }
        defer {
            EVP_MAC_CTX_free(context)
            LibCrypto.clearErrors()
        }
        let message = Array("restart probe".utf8)
        func authenticate() -> [UInt8]? {
            var output = [UInt8](repeating: 0, count: 32)
            var length = 0
            guard EVP_MAC_update(context, message, message.count) == 1,
                EVP_MAC_final(context, &output, &length, output.count) == 1, length == output.count
            else { return nil }
            return output
        }
        let key = SecretBytes(copying: [UInt8](repeating: 0x0B, count: 32))
        guard initialise(context, key: key, digestName: "SHA256"), let first = authenticate(),
            EVP_MAC_init(context, nil, 0, nil) == 1, let second = authenticate()
        else { return false }
        return first == second
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
        if restartsWithoutKey { return EVP_MAC_init(context, nil, 0, nil) == 1 }
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
        // The MAC is right whether or not the restart succeeds; a context that did not restart is freed, not lent.
        _ = try contexts.withContext(isReusable: \.self) { context throws(TesseraError) -> Bool in
            var length = 0
            guard
                EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1,
                EVP_MAC_final(context, output, &length, outputLength) == 1, length == outputLength
            else { throw LibCrypto.failure("HMAC failed") }
            return restart(context)
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
