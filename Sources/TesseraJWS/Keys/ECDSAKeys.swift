public import TesseraCore

extension JWS {
    /// An EC public key bound to one of `ES256` (P-256), `ES384` (P-384), `ES512` (P-521); the curve must match.
    public struct ECDSAPublicKey: JWSVerificationKey {
        /// The key's algorithm.
        public let algorithm: Algorithm
        /// The key id; the RFC 7638 thumbprint unless one was given.
        public private(set) var keyID: String?
        /// Whether the key id was given rather than computed.
        public let keyIDIsExplicit: Bool
        let key: EVPKey
        private let verifier: PrehashedVerifier

        init(algorithm: Algorithm, key: EVPKey, keyID: String?) throws(TesseraError) {
            guard let parameters = algorithm.ecdsaParameters else {
                throw TesseraError(.invalidKey, "\(algorithm) cannot be used with an EC key")
            }
            guard key.isA("EC"), let group = key.groupName else {
                throw TesseraError(.invalidKey, "the key is not an EC key")
            }
            guard group == parameters.groupName else {
                throw TesseraError(.invalidKey, "\(algorithm) needs a \(parameters.curve) key; this key is on \(group)")
            }
            guard key.check(private: false) else {
                throw TesseraError(.invalidKey, "the EC public key is not a valid point on \(parameters.curve)")
            }
            self.algorithm = algorithm
            self.key = key
            self.verifier = PrehashedVerifier(
                key: key,
                digest: try LibCrypto.digest(bits: algorithm.digestBits),
                padding: .none
            )
            self.keyID = keyID
            self.keyIDIsExplicit = keyID != nil
            if keyID == nil { self.keyID = try thumbprint() }
        }

        /// Reads a PEM public key (`BEGIN PUBLIC KEY`).
        ///
        /// - Parameters:
        ///   - algorithm: `.es256`, `.es384` or `.es512`, matching the key's curve.
        ///   - pemRepresentation: The PEM text.
        ///   - keyID: The `kid`; `nil` uses the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for unreadable keys, other curves or invalid points.
        public init(algorithm: Algorithm, pemRepresentation: String, keyID: String? = nil) throws(TesseraError) {
            try self.init(
                algorithm: algorithm,
                key: EVPKey.decode(Array(pemRepresentation.utf8), pem: true, selection: .publicKey),
                keyID: keyID
            )
        }

        /// Reads a DER `SubjectPublicKeyInfo`.
        ///
        /// - Parameters:
        ///   - algorithm: `.es256`, `.es384` or `.es512`, matching the key's curve.
        ///   - derRepresentation: The DER bytes.
        ///   - keyID: The `kid`; `nil` uses the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for unreadable keys, other curves or invalid points.
        public init(algorithm: Algorithm, derRepresentation: [UInt8], keyID: String? = nil) throws(TesseraError) {
            try self.init(
                algorithm: algorithm,
                key: EVPKey.decode(derRepresentation, pem: false, selection: .publicKey),
                keyID: keyID
            )
        }

        /// The key as PEM `SubjectPublicKeyInfo`.
        public var pemRepresentation: String {
            get throws(TesseraError) {
                String(decoding: try key.encode(pem: true, includingPrivate: false), as: UTF8.self)
            }
        }

        /// Verifies a raw `r ‖ s` signature of exactly twice the coordinate length; DER and other lengths fail.
        public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) throws(TesseraError) -> Bool {
            guard let parameters = algorithm.ecdsaParameters else { return false }
            return try withBytes(signature) { raw throws(TesseraError) in
                try ECDSASignature.withDER(fromRaw: raw, coordinateLength: parameters.coordinateLength) {
                    der throws(TesseraError) in
                    try withBytes(message) { msg throws(TesseraError) in try verifier.verify(der, message: msg) }
                }
            }
        }

        /// The key as an `EC` JWK with `crv`, `x` and `y`.
        public func jwk() throws(TesseraError) -> JSONObject {
            // The affine coordinates, whichever point form (compressed or not) the key was read from.
            guard let parameters = algorithm.ecdsaParameters,
                let x = key.bigNumber("qx", length: parameters.coordinateLength),
                let y = key.bigNumber("qy", length: parameters.coordinateLength)
            else { throw LibCrypto.failure("the EC public point cannot be exported") }
            var object: JSONObject = [
                "kty": "EC",
                "crv": .string(parameters.curve),
                "x": .string(Base64URL.encode(x)),
                "y": .string(Base64URL.encode(y)),
            ]
            object["alg"] = .string(algorithm.name)
            if let keyID { object["kid"] = .string(keyID) }
            return object
        }
    }

    /// An EC private key bound to one of `ES256`, `ES384`, `ES512`.
    public struct ECDSAPrivateKey: JWSSigningKey, CustomStringConvertible {
        /// The key's algorithm.
        public let algorithm: Algorithm
        /// The key id.
        public let keyID: String?
        /// The matching public key.
        public let verificationKey: ECDSAPublicKey
        let key: EVPKey

        init(algorithm: Algorithm, key: EVPKey, keyID: String?) throws(TesseraError) {
            guard key.hasPrivateKey else { throw TesseraError(.invalidKey, "the key has no private part") }
            let publicKey = try ECDSAPublicKey(algorithm: algorithm, key: key, keyID: keyID)
            guard key.check(private: true) else {
                throw TesseraError(.invalidKey, "the EC private key does not match its public point")
            }
            self.algorithm = algorithm
            self.key = key
            self.keyID = publicKey.keyID
            self.verificationKey = publicKey
        }

        /// Reads a PEM private key (PKCS#8 `BEGIN PRIVATE KEY` or SEC1 `BEGIN EC PRIVATE KEY`).
        ///
        /// - Parameters:
        ///   - algorithm: `.es256`, `.es384` or `.es512`, matching the key's curve.
        ///   - pemRepresentation: The PEM text.
        ///   - keyID: The `kid`; `nil` uses the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for unreadable, mismatched or inconsistent keys.
        public init(algorithm: Algorithm, pemRepresentation: String, keyID: String? = nil) throws(TesseraError) {
            try self.init(
                algorithm: algorithm,
                key: EVPKey.decode(Array(pemRepresentation.utf8), pem: true, selection: .keyPair),
                keyID: keyID
            )
        }

        /// Reads a DER private key (PKCS#8 or SEC1).
        ///
        /// - Parameters:
        ///   - algorithm: `.es256`, `.es384` or `.es512`, matching the key's curve.
        ///   - derRepresentation: The DER bytes.
        ///   - keyID: The `kid`; `nil` uses the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for unreadable, mismatched or inconsistent keys.
        public init(algorithm: Algorithm, derRepresentation: [UInt8], keyID: String? = nil) throws(TesseraError) {
            try self.init(
                algorithm: algorithm,
                key: EVPKey.decode(derRepresentation, pem: false, selection: .keyPair),
                keyID: keyID
            )
        }

        /// Generates a key on the algorithm's curve.
        ///
        /// - Parameter algorithm: `.es256`, `.es384` or `.es512`.
        /// - Returns: The key, with its RFC 7638 thumbprint as `kid`.
        /// - Throws: `TesseraError.Code.invalidKey` for a non-ECDSA algorithm.
        public static func generate(algorithm: Algorithm) throws(TesseraError) -> ECDSAPrivateKey {
            guard let parameters = algorithm.ecdsaParameters else {
                throw TesseraError(.invalidKey, "\(algorithm) is not an ECDSA algorithm")
            }
            return try ECDSAPrivateKey(
                algorithm: algorithm,
                key: EVPKey.generateEC(group: parameters.group),
                keyID: nil
            )
        }

        /// The key as PEM PKCS#8 `PrivateKeyInfo`.
        ///
        /// - Important: The result contains the private key.
        public var pemRepresentation: String {
            get throws(TesseraError) {
                String(decoding: try key.encode(pem: true, includingPrivate: true), as: UTF8.self)
            }
        }

        /// Signs and returns the raw `r ‖ s` form JWS requires.
        public func signature(for message: [UInt8]) throws(TesseraError) -> [UInt8] {
            guard let parameters = algorithm.ecdsaParameters else {
                throw TesseraError(.invalidKey, "not an ECDSA key")
            }
            let digest = try LibCrypto.digest(bits: algorithm.digestBits)
            let der = try withBytes(message) { msg throws(TesseraError) in
                try key.sign(msg, digest: digest, padding: .none)
            }
            return try ECDSASignature.raw(fromDER: der, coordinateLength: parameters.coordinateLength)
        }

        /// The key as a private `EC` JWK (`crv x y d`).
        ///
        /// - Important: The result contains the private key.
        public func jwk() throws(TesseraError) -> JSONObject {
            guard let parameters = algorithm.ecdsaParameters,
                var d = key.bigNumber("priv", length: parameters.coordinateLength)
            else {
                throw LibCrypto.failure("the EC private key cannot be exported")
            }
            defer { LibCrypto.cleanse(&d) }
            var object = try verificationKey.jwk()
            object["d"] = .string(d.withUnsafeBytes { HMACKey.secretBase64URL($0) })
            return object
        }

        /// Names the algorithm and `kid` only.
        public var description: String { "JWS.ECDSAPrivateKey(\(algorithm), kid: \(keyID ?? "none"))" }
    }
}
