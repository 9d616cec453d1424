public import TesseraCore

extension JWS {
    /// Verification keys found by `kid` (a JWKS, RFC 7517 §5); every key is bound to its own algorithm.
    ///
    /// A verifier with a key set reads the token's `kid`, takes that one key, and requires the token's `alg` to be
    /// that key's algorithm. An unknown or missing `kid` is refused: the set never tries every key.
    public struct KeySet: Sendable {
        private let keys: [String: any JWSVerificationKey]

        /// Why keys in the JWKS were left out (unknown `kty` or `alg`, encryption keys), one line per key.
        public let skipped: [String]

        /// The `kid`s in the set, sorted.
        public var ids: [String] { keys.keys.sorted() }

        /// Builds a set from keys; each needs a unique `kid`.
        ///
        /// - Parameter keys: The keys.
        /// - Throws: `TesseraError.Code.invalidKey` for a key without `kid`, a duplicate `kid`, or a set that mixes
        ///   HMAC secrets with public keys.
        public init(_ keys: [any JWSVerificationKey]) throws(TesseraError) {
            self.keys = try Self.index(keys)
            self.skipped = []
        }

        private static func index(
            _ keys: [any JWSVerificationKey]
        ) throws(TesseraError) -> [String: any JWSVerificationKey] {
            var byID: [String: any JWSVerificationKey] = [:]
            for key in keys {
                guard let kid = key.keyID else { throw TesseraError(.invalidKey, "every key in a key set needs a kid") }
                guard byID.updateValue(key, forKey: kid) == nil else {
                    throw TesseraError(.invalidKey, "the key set holds kid \"\(kid.prefix(64))\" twice")
                }
            }
            let symmetric = keys.filter { $0.algorithm.family == .hmac }.count
            guard symmetric == 0 || symmetric == keys.count else {
                throw TesseraError(.invalidKey, "a key set must not mix HMAC secrets with public keys")
            }
            return byID
        }

        /// Reads a JWKS document; keys without `kid` get their RFC 7638 thumbprint.
        ///
        /// - Parameters:
        ///   - jwks: The JWKS as JSON text (`{"keys":[...]}`).
        ///   - algorithm: The algorithm for keys without `alg`; keys whose `alg` differs are refused.
        /// - Throws: `TesseraError.Code.invalidKey` for a malformed set, duplicate `kid`s or mixed key kinds;
        ///   keys of unknown type or algorithm are listed in ``skipped`` instead.
        public init(jwks: String, algorithm: Algorithm? = nil) throws(TesseraError) {
            let document = try JSONParser(limits: JWK.limits).parseObject(Array(jwks.utf8))
            guard case .array(let entries)? = document["keys"] else {
                throw TesseraError(.invalidKey, "a JWKS is an object with a \"keys\" array")
            }
            var keys: [any JWSVerificationKey] = []
            var skipped: [String] = []
            for (index, entry) in entries.enumerated() {
                guard case .object(let jwk) = entry else {
                    throw TesseraError(.invalidKey, "JWKS entry \(index) is not an object")
                }
                do {
                    keys.append(try JWK.verificationKey(from: jwk, algorithm: algorithm))
                } catch  where error.code == .invalidKey && Self.isSkippable(jwk, pinned: algorithm) {
                    skipped.append("entry \(index): \(error.reason)")
                }
            }
            self.keys = try Self.index(keys)
            self.skipped = skipped
        }

        /// The key with this `kid`, if any.
        ///
        /// - Parameter id: The `kid`.
        /// - Returns: The key or `nil`.
        public func key(withID id: String) -> (any JWSVerificationKey)? { keys[id] }

        /// Keys another library may publish that this one does not use: unknown `kty`, an `alg` it does not
        /// implement, or keys for encryption. Malformed keys of a known kind still fail the whole set.
        private static func isSkippable(_ jwk: JSONObject, pinned: Algorithm?) -> Bool {
            let knownKty = ["oct", "RSA", "EC", "OKP"].contains(jwk["kty"]?.stringValue ?? "")
            let unknownAlg = jwk["alg"]?.stringValue.map { Algorithm(name: $0) == nil } ?? false
            let forEncryption = jwk["use"].map { $0.stringValue != "sig" } ?? false
            return !knownKty || unknownAlg || forEncryption
        }
    }
}
