internal import CTesseraLibCrypto
import TesseraCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Owns an OpenSSL `EVP_PKEY` (RSA or EC); freed when the last key value that shares it goes away.
///
/// `EVP_PKEY` objects are safe to share across threads for signing and verification once built; a signature makes
/// its own short-lived `EVP_MD_CTX`, and verification lends contexts from a ``PrehashedVerifier``'s pool, as one
/// OpenSSL 3 context must never be used by two threads at once.
final class EVPKey: @unchecked Sendable {
    let pointer: OpaquePointer

    init(takingOwnershipOf pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    /// The key size in bits (the RSA modulus or the EC group order).
    var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

    /// Whether the key is of OpenSSL type `name` (`RSA`, `EC`).
    func isA(_ name: String) -> Bool { EVP_PKEY_is_a(pointer, name) == 1 }

    /// The EC group name (`prime256v1`, `secp384r1`, `secp521r1`), if this is an EC key.
    var groupName: String? {
        var buffer = [CChar](repeating: 0, count: 64)
        var length = 0
        guard EVP_PKEY_get_utf8_string_param(pointer, "group", &buffer, buffer.count, &length) == 1 else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether the key holds private material.
    var hasPrivateKey: Bool {
        var bn: OpaquePointer?
        defer { BN_clear_free(bn) }
        let found = EVP_PKEY_get_bn_param(pointer, isA("RSA") ? "d" : "priv", &bn) == 1
        if !found { LibCrypto.clearErrors() }
        return found
    }

    /// A big-number parameter (`n`, `e`, `d`, `rsa-factor1`, ..., `priv`) as unsigned big-endian bytes.
    func bigNumber(_ name: String, length: Int? = nil) -> [UInt8]? {
        var bn: OpaquePointer?
        guard EVP_PKEY_get_bn_param(pointer, name, &bn) == 1, let bn else {
            LibCrypto.clearErrors()
            return nil
        }
        defer { BN_clear_free(bn) }
        let count = length ?? Int((BN_num_bits(bn) + 7) / 8)
        var output = [UInt8](repeating: 0, count: count)
        guard BN_bn2binpad(bn, &output, Int32(count)) == Int32(count) else { return nil }
        return output
    }

    /// An octet-string parameter, e.g. the EC public point `pub`.
    func octets(_ name: String) -> [UInt8]? {
        var length = 0
        guard EVP_PKEY_get_octet_string_param(pointer, name, nil, 0, &length) == 1 else {
            LibCrypto.clearErrors()
            return nil
        }
        var output = [UInt8](repeating: 0, count: length)
        guard EVP_PKEY_get_octet_string_param(pointer, name, &output, length, &length) == 1 else { return nil }
        return Array(output.prefix(length))
    }

    /// Runs OpenSSL's consistency checks: the public key (point on the curve, RSA modulus shape) and, for private
    /// keys, that the private half matches the public half.
    func check(private: Bool) -> Bool {
        guard let context = EVP_PKEY_CTX_new_from_pkey(nil, pointer, nil) else { return false }
        defer { EVP_PKEY_CTX_free(context) }
        let result = `private` ? EVP_PKEY_pairwise_check(context) : EVP_PKEY_public_check(context)
        if result != 1 { LibCrypto.clearErrors() }
        return result == 1
    }
}

// MARK: - Signing and verification

extension EVPKey {
    /// The signature padding of an RSA operation.
    enum Padding {
        case none
        case pss
    }

    /// Signs `message` with a fresh digest-sign context.
    func sign(
        _ message: UnsafeRawBufferPointer,
        digest: LibCrypto.Digest,
        padding: Padding
    ) throws(TesseraError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw LibCrypto.failure("EVP_MD_CTX_new failed") }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit(context, &keyContext, digest.pointer, nil, pointer) == 1 else {
            throw LibCrypto.failure("EVP_DigestSignInit failed")
        }
        guard Self.configure(keyContext, padding: padding) else {
            throw LibCrypto.failure("configuring RSA-PSS failed")
        }
        var length = 0
        let input = message.baseAddress?.assumingMemoryBound(to: UInt8.self)
        guard EVP_DigestSign(context, nil, &length, input, message.count) == 1 else {
            throw LibCrypto.failure("EVP_DigestSign (size) failed")
        }
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(context, &signature, &length, input, message.count) == 1 else {
            throw LibCrypto.failure("EVP_DigestSign failed")
        }
        return Array(signature.prefix(length))
    }

    /// Sets RSA-PSS padding (salt as long as the digest) on a signing or verification context; nothing for other
    /// paddings. Returns whether OpenSSL accepted the parameters.
    static func configure(_ keyContext: OpaquePointer?, padding: Padding) -> Bool {
        guard case .pss = padding else { return true }
        return EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) == 1
    }
}
