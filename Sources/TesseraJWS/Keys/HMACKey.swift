public import TesseraCore
import TesseraSodium

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension JWS {
    /// An HMAC secret bound to one of `HS256`, `HS384`, `HS512`.
    ///
    /// Secrets shorter than the hash output are refused (RFC 7518 §3.2). The bytes live in memory wiped on release;
    /// `description` and `dump` show only the algorithm and `kid`.
    public struct HMACKey: JWSSigningKey, JWSVerificationKey, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable
    {
        /// The key's algorithm.
        public let algorithm: Algorithm
        /// The key id.
        public let keyID: String?
        /// Whether the key id was given rather than computed (``generate(algorithm:keyID:)`` without a `keyID`
        /// computes the RFC 7638 thumbprint).
        public let keyIDIsExplicit: Bool
        let secret: SecretBytes
        private let context: HMACContext

        /// Wraps an HMAC secret.
        ///
        /// - Parameters:
        ///   - algorithm: `.hs256`, `.hs384` or `.hs512`.
        ///   - secret: At least as many bytes as the hash output (32, 48 or 64).
        ///   - keyID: The `kid`.
        /// - Throws: `TesseraError.Code.invalidKey` for another algorithm or a short secret.
        public init(algorithm: Algorithm, secret: some ContiguousBytes, keyID: String? = nil) throws(TesseraError) {
            try self.init(algorithm: algorithm, secret: secret, keyID: keyID, explicit: keyID != nil)
        }

        private init(
            algorithm: Algorithm,
            secret: some ContiguousBytes,
            keyID: String?,
            explicit: Bool
        ) throws(TesseraError) {
            try JWS.require(algorithm, in: .hmac, for: "an HMAC secret")
            let count = secret.withUnsafeBytes { $0.count }
            guard count >= algorithm.digestBits / 8 else {
                throw TesseraError(
                    .invalidKey,
                    "an \(algorithm) secret needs at least \(algorithm.digestBits / 8) bytes, not \(count) (RFC 7518 §3.2)"
                )
            }
            self.algorithm = algorithm
            self.keyID = keyID
            self.keyIDIsExplicit = explicit
            self.secret = SecretBytes(copying: secret)
            self.context = try HMACContext(key: self.secret, digest: LibCrypto.digest(bits: algorithm.digestBits))
        }

        /// Generates a random secret of the hash output's length.
        ///
        /// - Parameters:
        ///   - algorithm: `.hs256`, `.hs384` or `.hs512`.
        ///   - keyID: The `kid`; `nil` uses the RFC 7638 thumbprint.
        /// - Returns: The key.
        /// - Throws: `TesseraError.Code.invalidKey` for a non-HMAC algorithm.
        public static func generate(algorithm: Algorithm, keyID: String? = nil) throws(TesseraError) -> HMACKey {
            var bytes = try Sodium.randomBytes(algorithm.digestBits / 8)
            defer { Sodium.wipe(&bytes) }
            if let keyID { return try HMACKey(algorithm: algorithm, secret: bytes, keyID: keyID) }
            let thumbprint = try HMACKey(algorithm: algorithm, secret: bytes).thumbprint()
            return try HMACKey(algorithm: algorithm, secret: bytes, keyID: thumbprint, explicit: false)
        }

        /// The key itself: HMAC verifies with the same secret.
        public var verificationKey: HMACKey { self }

        /// The HMAC of `message`.
        public func signature(for message: [UInt8]) throws(TesseraError) -> [UInt8] {
            try withBytes(message) { bytes throws(TesseraError) in try context.authenticationCode(for: bytes) }
        }

        /// Recomputes the HMAC and compares it in constant time.
        public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) throws(TesseraError) -> Bool {
            try withBytes(signature) { code throws(TesseraError) in
                try withBytes(message) { bytes throws(TesseraError) in
                    try context.isValidAuthenticationCode(code, for: bytes)
                }
            }
        }

        /// The key as an `oct` JWK, including the secret `k`.
        ///
        /// - Important: The result contains the secret.
        public func jwk() throws(TesseraError) -> JSONObject {
            var object: JSONObject = ["kty": "oct"]
            object["k"] = .string(secret.withUnsafeBytes { Self.secretBase64URL($0) })
            object["alg"] = .string(algorithm.name)
            if let keyID { object["kid"] = .string(keyID) }
            return object
        }

        /// The RFC 7638 thumbprint, computed over the canonical `{"k":…,"kty":"oct"}` in memory that is wiped
        /// afterwards, with the secret encoded in constant time: no copy of the secret's base64 is left behind.
        ///
        /// - Returns: The thumbprint.
        /// - Throws: `TesseraError.Code.cryptoFailure` when hashing fails.
        public func thumbprint() throws(TesseraError) -> String {
            var canonical: [UInt8] = []
            // Room for everything up front: a reallocation would free a copy of the secret's base64 unwiped.
            canonical.reserveCapacity(6 + Base64URL.encodedLength(of: algorithm.digestBits / 4) + 16)
            canonical.append(contentsOf: #"{"k":""#.utf8)
            defer { Sodium.wipe(&canonical) }
            secret.withUnsafeBytes { Sodium.appendSecretBase64URL($0, to: &canonical) }
            canonical.append(contentsOf: #"","kty":"oct"}"#.utf8)
            return Base64URL.encode(try LibCrypto.sha256Digest(canonical))
        }

        /// Secret bytes as base64url text, encoded in constant time with no other copy left behind.
        static func secretBase64URL(_ bytes: UnsafeRawBufferPointer) -> String {
            var encoded: [UInt8] = []
            defer { Sodium.wipe(&encoded) }
            Sodium.appendSecretBase64URL(bytes, to: &encoded)
            return String(decoding: encoded, as: UTF8.self)
        }

        /// Names the algorithm and `kid` only.
        public var description: String { "JWS.HMACKey(\(algorithm), kid: \(keyID ?? "none"))" }
        /// Names the algorithm and `kid` only.
        public var debugDescription: String { description }
        /// Shows the algorithm and `kid` only, so `dump` cannot reveal the secret.
        public var customMirror: Mirror {
            Mirror(self, children: ["algorithm": algorithm.name, "keyID": keyID as Any], displayStyle: .struct)
        }
    }
}
