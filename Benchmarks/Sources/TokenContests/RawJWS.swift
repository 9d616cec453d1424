import CRawLimit

/// The raw limit of one JWS algorithm: pre-serialised header and claims, base64url, and the signature primitive.
struct RawJWS: Sendable {
    private enum Primitive: Sendable {
        case hmac(RawMAC)
        case evp(RawKey, scheme: CRawLimitScheme, bits: Int, coordinate: Int)
        case eddsa(RawEd25519)
    }

    private let primitive: Primitive
    private let workspace = RawWorkspace()

    /// HMAC-SHA-`bits` on a keyed EVP_MAC context.
    static func hmac(bits: Int, secret: [UInt8]) throws -> RawJWS {
        RawJWS(primitive: .hmac(try RawMAC(bits: bits, secret: secret)))
    }

    /// EVP_DigestSign / EVP_DigestVerify on a fresh context per operation; `coordinate` is the ECDSA coordinate
    /// length in bytes (0 for RSA).
    static func evp(_ key: RawKey, scheme: CRawLimitScheme, bits: Int, coordinate: Int = 0) -> RawJWS {
        RawJWS(primitive: .evp(key, scheme: scheme, bits: bits, coordinate: coordinate))
    }

    /// Ed25519 through libsodium.
    static func eddsa(_ key: RawEd25519) -> RawJWS { RawJWS(primitive: .eddsa(key)) }

    /// Signs `header.payload` into the workspace and returns the compact token's length.
    @discardableResult
    func sign(header: [UInt8], payload: [UInt8]) throws -> Int {
        let (token, capacity) = (workspace.token, RawWorkspace.capacity)
        let length: Int
        switch primitive {
        case .hmac(let mac):
            length = CRawLimit_jws_hmac_sign(
                token,
                capacity,
                mac.pointer,
                header,
                header.count,
                payload,
                payload.count
            )
        case .evp(let key, let scheme, let bits, let coordinate):
            length = CRawLimit_jws_evp_sign(
                token,
                capacity,
                key.pointer,
                scheme,
                Int32(bits),
                Int32(coordinate),
                header,
                header.count,
                payload,
                payload.count
            )
        case .eddsa(let key):
            length = CRawLimit_jws_eddsa_sign(
                token,
                capacity,
                key.secretKey,
                header,
                header.count,
                payload,
                payload.count
            )
        }
        return try RawWorkspace.check(length, "JWS sign")
    }

    /// Signs `header.payload` and returns the token, for checks.
    func signedToken(header: [UInt8], payload: [UInt8]) throws -> String {
        workspace.tokenString(length: try sign(header: header, payload: payload))
    }

    /// Verifies a compact token and returns the payload length.
    @discardableResult
    func verify(_ token: String) throws -> Int {
        let (scratch, capacity) = (workspace.scratch, 2 * RawWorkspace.capacity)
        let length = token.withTokenBytes { text, count in
            switch primitive {
            case .hmac(let mac):
                CRawLimit_jws_hmac_verify(mac.pointer, text, count, scratch, capacity)
            case .evp(let key, let scheme, let bits, let coordinate):
                CRawLimit_jws_evp_verify(
                    key.pointer,
                    scheme,
                    Int32(bits),
                    Int32(coordinate),
                    text,
                    count,
                    scratch,
                    capacity
                )
            case .eddsa(let key):
                CRawLimit_jws_eddsa_verify(key.publicKey, text, count, scratch, capacity)
            }
        }
        return try RawWorkspace.check(length, "JWS verify")
    }
}
