public import TesseraCore
import TesseraSodium

extension JWS {
    /// An Ed25519 public key for `EdDSA` (RFC 8037), verified with libsodium.
    public struct EdDSAPublicKey: JWSVerificationKey {
        /// Always `.eddsa`.
        public var algorithm: Algorithm { .eddsa }
        /// The key id; the RFC 7638 thumbprint unless one was given.
        public private(set) var keyID: String?
        /// Whether the key id was given rather than computed.
        public let keyIDIsExplicit: Bool
        /// The 32 key bytes.
        public let rawRepresentation: [UInt8]

        /// Wraps 32 Ed25519 public key bytes.
        ///
        /// - Parameters:
        ///   - rawRepresentation: Exactly 32 bytes.
        ///   - keyID: The `kid`; `nil` uses the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for another length.
        public init(rawRepresentation: [UInt8], keyID: String? = nil) throws(TesseraError) {
            guard rawRepresentation.count == 32 else {
                throw TesseraError(.invalidKey, "an Ed25519 public key is 32 bytes, not \(rawRepresentation.count)")
            }
            self.rawRepresentation = rawRepresentation
            self.keyID = keyID
            self.keyIDIsExplicit = keyID != nil
            if keyID == nil { self.keyID = try thumbprint() }
        }

        /// Reads a PEM `SubjectPublicKeyInfo` Ed25519 key.
        ///
        /// - Parameters:
        ///   - pemRepresentation: The PEM text.
        ///   - keyID: The `kid`; `nil` uses the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for unreadable or non-Ed25519 keys.
        public init(pemRepresentation: String, keyID: String? = nil) throws(TesseraError) {
            let key = try EVPKey.decode(Array(pemRepresentation.utf8), pem: true, selection: .publicKey)
            guard key.isA("ED25519"), let raw = key.raw(private: false) else {
                throw TesseraError(.invalidKey, "the PEM key is not an Ed25519 public key")
            }
            try self.init(rawRepresentation: raw, keyID: keyID)
        }

        /// Verifies an Ed25519 signature.
        public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) throws(TesseraError) -> Bool {
            try withBytes(signature) { sig throws(TesseraError) in
                try withBytes(message) { msg throws(TesseraError) in
                    try withBytes(rawRepresentation) { pk throws(TesseraError) in
                        try Sodium.ed25519Verify(sig, message: msg, publicKey: pk)
                    }
                }
            }
        }

        /// The key as an `OKP` JWK with `crv` `Ed25519` and `x`.
        public func jwk() throws(TesseraError) -> JSONObject {
            var object: JSONObject = [
                "kty": "OKP", "crv": "Ed25519", "x": .string(Base64URL.encode(rawRepresentation)),
            ]
            object["alg"] = "EdDSA"
            if let keyID { object["kid"] = .string(keyID) }
            return object
        }
    }

    /// An Ed25519 private key for `EdDSA` (RFC 8037), signing with libsodium.
    public struct EdDSAPrivateKey: JWSSigningKey, CustomStringConvertible {
        /// Always `.eddsa`.
        public var algorithm: Algorithm { .eddsa }
        /// The key id.
        public let keyID: String?
        /// The matching public key.
        public let verificationKey: EdDSAPublicKey
        let secret: SecretBytes

        /// Derives the key pair from a 32-byte seed (the JWK `d`).
        ///
        /// - Parameters:
        ///   - seed: Exactly 32 bytes.
        ///   - keyID: The `kid`; `nil` uses the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for another length.
        public init(seed: [UInt8], keyID: String? = nil) throws(TesseraError) {
            var pair = try withBytes(seed) { bytes throws(TesseraError) in
                guard bytes.count == 32 else {
                    throw TesseraError(.invalidKey, "an Ed25519 seed is 32 bytes, not \(bytes.count)")
                }
                return try Sodium.ed25519KeyPair(seed: bytes)
            }
            defer { Sodium.wipe(&pair.secretKey) }
            secret = SecretBytes(copying: pair.secretKey)
            verificationKey = try EdDSAPublicKey(rawRepresentation: pair.publicKey, keyID: keyID)
            self.keyID = verificationKey.keyID
        }

        /// Reads a PEM PKCS#8 Ed25519 private key.
        ///
        /// - Parameters:
        ///   - pemRepresentation: The PEM text.
        ///   - keyID: The `kid`; `nil` uses the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for unreadable or non-Ed25519 keys.
        public init(pemRepresentation: String, keyID: String? = nil) throws(TesseraError) {
            let key = try EVPKey.decode(Array(pemRepresentation.utf8), pem: true, selection: .keyPair)
            guard key.isA("ED25519"), var seed = key.raw(private: true) else {
                throw TesseraError(.invalidKey, "the PEM key is not an Ed25519 private key")
            }
            defer { Sodium.wipe(&seed) }
            try self.init(seed: seed, keyID: keyID)
        }

        /// Generates a key pair.
        ///
        /// - Returns: The key, with its RFC 7638 thumbprint as `kid`.
        /// - Throws: `TesseraError.Code.cryptoFailure` if libsodium fails.
        public static func generate() throws(TesseraError) -> EdDSAPrivateKey {
            var seed = try Sodium.randomBytes(32)
            defer { Sodium.wipe(&seed) }
            return try EdDSAPrivateKey(seed: seed)
        }

        /// Signs with Ed25519.
        public func signature(for message: [UInt8]) throws(TesseraError) -> [UInt8] {
            try secret.withUnsafeBytes { sk throws(TesseraError) in
                try withBytes(message) { msg throws(TesseraError) in try Sodium.ed25519Sign(msg, secretKey: sk) }
            }
        }

        /// The key as a private `OKP` JWK (`crv x d`).
        ///
        /// - Important: The result contains the private key.
        public func jwk() throws(TesseraError) -> JSONObject {
            var object = try verificationKey.jwk()
            object["d"] = .string(
                secret.withUnsafeBytes { HMACKey.secretBase64URL(UnsafeRawBufferPointer(rebasing: $0.prefix(32))) }
            )
            return object
        }

        /// Names the algorithm and `kid` only.
        public var description: String { "JWS.EdDSAPrivateKey(kid: \(keyID ?? "none"))" }
    }
}
