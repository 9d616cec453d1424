import CRawLimit

/// The raw `v4.local` limit: libsodium BLAKE2b, XChaCha20 and base64url on pre-serialised claims.
struct RawLocal: Sendable {
    let secret: [UInt8]
    let footer: [UInt8]
    let workspace = RawWorkspace()

    init(secret: [UInt8], footer: [UInt8] = []) {
        self.secret = secret
        self.footer = footer
    }

    /// Encrypts `payload` with a fresh nonce into the workspace and returns the token's length (no Swift string is
    /// made, as the raw limit allocates nothing).
    @discardableResult
    func encrypt(_ payload: [UInt8]) throws -> Int {
        let capacity = RawWorkspace.capacity
        return try RawWorkspace.check(
            CRawLimit_v4_local_encrypt(
                workspace.token,
                capacity,
                secret,
                payload,
                payload.count,
                footer,
                footer.count,
                nil,
                0,
                workspace.scratch,
                2 * capacity
            ),
            "v4.local encrypt"
        )
    }

    /// Encrypts `payload` and returns the token, for checks.
    func encryptedToken(_ payload: [UInt8]) throws -> String { workspace.tokenString(length: try encrypt(payload)) }

    /// Decrypts `token` and returns the payload length.
    @discardableResult
    func decrypt(_ token: String) throws -> Int {
        let capacity = RawWorkspace.capacity
        return try token.withTokenBytes { text, count in
            try RawWorkspace.check(
                CRawLimit_v4_local_decrypt(
                    workspace.message,
                    capacity,
                    secret,
                    text,
                    count,
                    nil,
                    0,
                    workspace.scratch,
                    2 * capacity
                ),
                "v4.local decrypt"
            )
        }
    }
}
