import CRawLimit

/// A keyed OpenSSL HMAC context for the raw HS* paths.
final class RawMAC: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Keys an HMAC-SHA-`bits` context with `secret`.
    init(bits: Int, secret: [UInt8]) throws {
        guard let pointer = CRawLimit_mac_new(Int32(bits), secret, secret.count) else {
            throw ContestError("OpenSSL could not key HMAC-SHA-\(bits)")
        }
        self.pointer = pointer
    }

    deinit { CRawLimit_mac_free(pointer) }
}
