internal import CTesseraLibCrypto
import TesseraCore

/// Verifies signatures under one key, digest and padding: the digest is computed once (on a pooled `EVP_MD_CTX`)
/// and checked with `EVP_PKEY_verify` on contexts that were set up once (`EVP_PKEY_verify_init`, the signature
/// digest and the RSA padding) and are pooled, instead of a fresh `EVP_DigestVerifyInit` context per signature.
final class PrehashedVerifier: Sendable {
    private let digest: LibCrypto.Digest
    private let contexts: ContextPool

    /// Creates a verifier; contexts are made on first use.
    ///
    /// - Parameters:
    ///   - key: The public (or private) key.
    ///   - digest: The hash the signatures are made over.
    ///   - padding: The RSA padding; `.none` for EC keys and RSASSA-PKCS1-v1_5.
    init(key: EVPKey, digest: LibCrypto.Digest, padding: EVPKey.Padding) {
        self.digest = digest
        self.contexts = ContextPool(
            make: {
                guard let context = EVP_PKEY_CTX_new_from_pkey(nil, key.pointer, nil) else { return nil }
                guard EVP_PKEY_verify_init(context) == 1,
                    EVP_PKEY_CTX_set_signature_md(context, digest.pointer) == 1,
                    EVPKey.configure(context, padding: padding)
                else {
                    EVP_PKEY_CTX_free(context)
                    return nil
                }
                return context
            },
            free: { EVP_PKEY_CTX_free($0) }
        )
    }

    /// Whether `signature` (DER for ECDSA) verifies over `message`; OpenSSL's error queue is cleared on failure.
    ///
    /// - Parameters:
    ///   - signature: The signature in OpenSSL's form.
    ///   - message: The signed bytes, hashed here.
    /// - Returns: `true` when the signature verifies.
    /// - Throws: `TesseraError.Code.cryptoFailure` when hashing fails or no context can be made.
    func verify(_ signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) throws(TesseraError) -> Bool {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Int(EVP_MAX_MD_SIZE)) {
            hash throws(TesseraError) -> Bool in
            guard let output = hash.baseAddress else { return false }
            let length = try digest.hash(message, into: output)
            // 1 verifies, 0 does not; below 0 is an error inside OpenSSL, after which the context is not lent again.
            let result = try contexts.withContext(isReusable: { $0 >= 0 }) { context throws(TesseraError) -> Int32 in
                EVP_PKEY_verify(
                    context,
                    signature.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    signature.count,
                    output,
                    length
                )
            }
            if result != 1 { LibCrypto.clearErrors() }
            return result == 1
        }
    }
}
