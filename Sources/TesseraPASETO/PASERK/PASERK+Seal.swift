public import TesseraCore
import TesseraSodium

extension PASERK {
    /// PASERK public-key encryption of a symmetric key for v4 (`k4.seal.`), X25519 + BLAKE2b + XChaCha20.
    ///
    /// Data is `t(32) ‖ epk(32) ‖ edk(32)`. Both directions derive `Ek`/`Ak` with the recipient's X25519 public
    /// key, as the reference implementation and the official vectors do.
    enum Seal {
        static let header = Array(Kind.seal.header.utf8)

        static func seal(
            _ key: UnsafeRawBufferPointer,
            to recipient: PASETO.V4.Public.PublicKey
        ) throws(TesseraError) -> String {
            let xpk = try withBytes(recipient.rawRepresentation) { pk throws(TesseraError) in
                try Sodium.x25519PublicKey(fromEd25519: pk)
            }
            var esk = try Sodium.randomBytes(32)
            defer { Sodium.wipe(&esk) }
            let epk = try Sodium.x25519Base(esk)
            var xk = try Sodium.x25519(esk, xpk)
            defer { Sodium.wipe(&xk) }
            let edk = try crypt(key, xk: xk, epk: epk, xpk: xpk)
            let tag = try authenticate(xk: xk, epk: epk, xpk: xpk, edk: edk)
            return PASERK.serialize(.seal, tag + epk + edk)
        }

        static func unseal(_ paserk: String, with recipient: PASETO.V4.Public.SecretKey) throws(TesseraError) -> [UInt8]
        {
            let data = try PASERK.data(of: paserk, as: .seal, length: 96)
            let tag = Array(data[0..<32])
            let epk = Array(data[32..<64])
            let edk = Array(data[64..<96])
            let xpk = try withBytes(recipient.publicKey.rawRepresentation) { pk throws(TesseraError) in
                try Sodium.x25519PublicKey(fromEd25519: pk)
            }
            var xsk = try recipient.withUnsafeBytes { sk throws(TesseraError) in
                try Sodium.x25519SecretKey(fromEd25519: sk)
            }
            defer { Sodium.wipe(&xsk) }
            var xk = try Sodium.x25519(xsk, epk)
            defer { Sodium.wipe(&xk) }
            let expected = try authenticate(xk: xk, epk: epk, xpk: xpk, edk: edk)
            guard Sodium.constantTimeEqual(expected, tag) else {
                throw TesseraError(.invalidPASERK, "the k4.seal. PASERK's tag does not verify under this secret key")
            }
            return try withBytes(edk) { bytes throws(TesseraError) in try crypt(bytes, xk: xk, epk: epk, xpk: xpk) }
        }

        private static func crypt(
            _ input: UnsafeRawBufferPointer,
            xk: [UInt8],
            epk: [UInt8],
            xpk: [UInt8]
        ) throws(TesseraError) -> [UInt8] {
            var ek = try Sodium.blake2b(outputLength: 32, key: nil, [0x01], header, xk, epk, xpk)
            defer { Sodium.wipe(&ek) }
            let nonce = try Sodium.blake2b(outputLength: 24, key: nil, epk, xpk)
            return try withBytes(nonce) { n throws(TesseraError) in
                try withBytes(ek) { k throws(TesseraError) in try Sodium.xchacha20(input, nonce: n, key: k) }
            }
        }

        private static func authenticate(
            xk: [UInt8],
            epk: [UInt8],
            xpk: [UInt8],
            edk: [UInt8]
        ) throws(TesseraError) -> [UInt8] {
            var ak = try Sodium.blake2b(outputLength: 32, key: nil, [0x02], header, xk, epk, xpk)
            defer { Sodium.wipe(&ak) }
            return try withBytes(ak) { key throws(TesseraError) in
                try Sodium.blake2b(outputLength: 32, key: key, header, epk, edk)
            }
        }
    }
}

extension PASETO.V4.Local.SymmetricKey {
    /// Encrypts this key to an Ed25519 public key as a `k4.seal.` PASERK; only the matching secret key opens it.
    ///
    /// - Parameter recipient: The recipient's `v4.public` public key.
    /// - Returns: The sealed PASERK; its id is this key's ``id``.
    /// - Throws: `TesseraError.Code.invalidKey` when the public key has no X25519 form.
    public func sealed(to recipient: PASETO.V4.Public.PublicKey) throws(TesseraError) -> String {
        try secret.withUnsafeBytes { bytes throws(TesseraError) in try PASERK.Seal.seal(bytes, to: recipient) }
    }

    /// Opens a `k4.seal.` PASERK.
    ///
    /// - Parameters:
    ///   - sealed: The sealed PASERK.
    ///   - recipient: The secret key matching the public key it was sealed to.
    /// - Throws: `TesseraError.Code.invalidPASERK` for another version or type, a wrong length, a low-order
    ///   ephemeral key, or a tag that does not verify.
    public init(sealed: String, recipient: PASETO.V4.Public.SecretKey) throws(TesseraError) {
        var bytes = try PASERK.Seal.unseal(sealed, with: recipient)
        defer { Sodium.wipe(&bytes) }
        try self.init(rawRepresentation: bytes)
    }
}
