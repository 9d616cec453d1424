import CRawLimit

/// An OpenSSL private key loaded for the raw JWS paths.
final class RawKey: @unchecked Sendable {
    let pointer: OpaquePointer

    /// Reads a PKCS#8 PEM private key.
    init(pem: String) throws {
        guard let pointer = pem.withTokenBytes({ CRawLimit_key_from_pem($0, $1) }) else {
            throw ContestError("OpenSSL could not read the PEM key")
        }
        self.pointer = pointer
    }

    deinit { CRawLimit_key_free(pointer) }
}
