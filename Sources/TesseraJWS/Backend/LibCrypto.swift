internal import CTesseraLibCrypto
import TesseraCore

/// The thin Swift face of libcrypto (OpenSSL 3): the only code in this module that calls it, with `EVPKey`.
///
/// Digests and the HMAC implementation are fetched from the default provider once and reused: OpenSSL 3 is slow
/// when every call fetches its algorithm again.
enum LibCrypto {
    /// A fetched message digest, shared by every operation that uses it, with a pool of hashing contexts.
    final class Digest: @unchecked Sendable {
        let pointer: OpaquePointer
        let name: String
        let size: Int
        private let contexts = ContextPool(
            make: { EVP_MD_CTX_new() },
            free: { EVP_MD_CTX_free($0) }
        )

        fileprivate init?(_ name: String) {
            guard let pointer = EVP_MD_fetch(nil, name, nil) else { return nil }
            self.pointer = pointer
            self.name = name
            self.size = Int(EVP_MD_get_size(pointer))
        }

        /// Writes the digest of `message` to `output`, which has room for ``size`` bytes, on a pooled context
        /// (re-initialised per message, which costs fewer allocations than `EVP_Digest`'s fresh context).
        ///
        /// - Parameters:
        ///   - message: The bytes to hash.
        ///   - output: Room for ``size`` bytes.
        /// - Returns: The number of bytes written.
        func hash(
            _ message: UnsafeRawBufferPointer,
            into output: UnsafeMutablePointer<UInt8>
        ) throws(TesseraError) -> Int {
            try contexts.withContext { context throws(TesseraError) -> Int in
                var length: UInt32 = 0
                guard EVP_DigestInit_ex2(context, pointer, nil) == 1,
                    EVP_DigestUpdate(context, message.baseAddress, message.count) == 1,
                    EVP_DigestFinal_ex(context, output, &length) == 1
                else { throw LibCrypto.failure("hashing with \(name) failed") }
                return Int(length)
            }
        }
    }

    static let sha256 = Digest("SHA256")
    static let sha384 = Digest("SHA384")
    static let sha512 = Digest("SHA512")

    /// The digest named `SHA256`, `SHA384` or `SHA512`.
    static func digest(bits: Int) throws(TesseraError) -> Digest {
        let digest: Digest?
        switch bits {
        case 256: digest = sha256
        case 384: digest = sha384
        default: digest = sha512
        }
        guard let digest else { throw failure("SHA-\(bits) is not available from libcrypto's default provider") }
        return digest
    }

    /// Drains OpenSSL's error queue into one `cryptoFailure` error naming the first library error.
    static func failure(_ what: String) -> TesseraError {
        let code = ERR_get_error()
        var buffer = [CChar](repeating: 0, count: 256)
        if code != 0 { ERR_error_string_n(code, &buffer, buffer.count) }
        ERR_clear_error()
        let detail =
            code == 0
            ? ""
            : " (\(String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)))"
        return TesseraError(.cryptoFailure, what + detail)
    }

    /// A C string that lives for the whole program. OpenSSL 3 keeps some name pointers (decoder and encoder types,
    /// `OSSL_PARAM_BLD` keys and values, key types) past the call that receives them, so temporary C strings bridged
    /// from Swift `String`s would dangle.
    static func cString(_ text: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// Clears OpenSSL's error queue after an expected failure (e.g. a signature that does not verify).
    static func clearErrors() { ERR_clear_error() }

    /// Overwrites memory with zeros in a way the compiler cannot elide.
    static func cleanse(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { OPENSSL_cleanse(base, buffer.count) }
        }
    }

    /// Frees memory that OpenSSL allocated (the `OPENSSL_free` macro's function).
    static func free(_ pointer: UnsafeMutableRawPointer?) { CRYPTO_free(pointer, nil, 0) }

    /// The SHA-256 digest of `bytes`.
    static func sha256Digest(_ bytes: [UInt8]) throws(TesseraError) -> [UInt8] {
        let digest = try digest(bits: 256)
        var output = [UInt8](repeating: 0, count: digest.size)
        var length: UInt32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, digest.pointer, nil)
            }
        }
        guard ok == 1 else { throw failure("SHA-256 failed") }
        return output
    }
}
