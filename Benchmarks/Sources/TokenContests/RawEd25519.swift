import CRawLimit

/// The raw Ed25519 limit (libsodium), for `v4.public` and for JWS `EdDSA`.
struct RawEd25519: Sendable {
    let publicKey: [UInt8]
    let secretKey: [UInt8]
    let workspace = RawWorkspace()

    /// The key pair of a 32-byte seed, as Tessera derives it.
    init(seed: [UInt8]) throws {
        var publicKey = [UInt8](repeating: 0, count: 32)
        var secretKey = [UInt8](repeating: 0, count: 64)
        guard CRawLimit_ed25519_keypair(&publicKey, &secretKey, seed) == 0 else {
            throw ContestError("raw Ed25519 key derivation failed")
        }
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Signs `payload` (with `footer`) into a `v4.public` token in the workspace and returns its length.
    @discardableResult
    func signPASETO(_ payload: [UInt8], footer: [UInt8] = []) throws -> Int {
        let capacity = RawWorkspace.capacity
        return try RawWorkspace.check(
            CRawLimit_v4_public_sign(
                workspace.token,
                capacity,
                secretKey,
                payload,
                payload.count,
                footer,
                footer.count,
                workspace.scratch,
                2 * capacity
            ),
            "v4.public sign"
        )
    }

    /// Signs `payload` and returns the token, for checks.
    func signedPASETO(_ payload: [UInt8], footer: [UInt8] = []) throws -> String {
        workspace.tokenString(length: try signPASETO(payload, footer: footer))
    }

    /// Verifies a `v4.public` token and returns the payload length.
    @discardableResult
    func verifyPASETO(_ token: String) throws -> Int {
        try token.withTokenBytes { text, count in
            try RawWorkspace.check(
                CRawLimit_v4_public_verify(publicKey, text, count, workspace.scratch, 2 * RawWorkspace.capacity),
                "v4.public verify"
            )
        }
    }
}
