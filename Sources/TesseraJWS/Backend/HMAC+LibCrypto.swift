internal import CTesseraLibCrypto
import TesseraCore
import TesseraSodium

/// HMAC through OpenSSL 3's `EVP_MAC`, with one keyed context prepared per key and duplicated per operation
/// (a kept context costs a fraction of the one-shot `HMAC()` call, and duplicates keep it thread-safe).
final class HMACContext: @unchecked Sendable {
    nonisolated(unsafe) private static let implementation: OpaquePointer? = EVP_MAC_fetch(nil, "HMAC", nil)

    private let template: OpaquePointer
    let outputLength: Int

    init(key: SecretBytes, digest: LibCrypto.Digest) throws(TesseraError) {
        guard let implementation = Self.implementation, let context = EVP_MAC_CTX_new(implementation) else {
            throw LibCrypto.failure("HMAC is not available from libcrypto's default provider")
        }
        let initialised = digest.name.withCString { digestName -> Int32 in
            "digest".withCString { parameterName -> Int32 in
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
                    )
                }
            }
        }
        guard initialised == 1 else {
            EVP_MAC_CTX_free(context)
            throw LibCrypto.failure("HMAC initialisation failed")
        }
        template = context
        outputLength = digest.size
    }

    deinit { EVP_MAC_CTX_free(template) }

    /// The HMAC of `message`.
    func authenticationCode(for message: UnsafeRawBufferPointer) throws(TesseraError) -> [UInt8] {
        guard let context = EVP_MAC_CTX_dup(template) else { throw LibCrypto.failure("EVP_MAC_CTX_dup failed") }
        defer { EVP_MAC_CTX_free(context) }
        var output = [UInt8](repeating: 0, count: outputLength)
        var length = 0
        let ok = output.withUnsafeMutableBufferPointer { out in
            EVP_MAC_update(context, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count) == 1
                && EVP_MAC_final(context, out.baseAddress, &length, out.count) == 1
        }
        guard ok, length == outputLength else { throw LibCrypto.failure("HMAC failed") }
        return output
    }
}
