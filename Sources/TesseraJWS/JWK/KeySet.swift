public import TesseraCore

extension JWS {
    /// Verification keys found by `kid` (a JWKS, RFC 7517 §5); every key is bound to its own algorithm.
    ///
    /// A verifier with a key set reads the token's `kid`, takes that one key, and requires the token's `alg` to be
    /// that key's algorithm. An unknown or missing `kid` is refused: the set never tries every key.
    public struct KeySet: Sendable {
        /// Keyed by the `kid`'s bytes: a `kid` spelled with other code points never finds a key (RFC 7515 §4.1.4).
        private let keys: [ExactString: any JWSVerificationKey]

        /// Why keys in the JWKS were left out (unknown `kty` or `alg`, unsupported curves, keys without `alg` when
        /// none is pinned, encryption keys), one line per key.
        public let skipped: [String]

        /// The `kid`s in the set, sorted by their UTF-8 bytes.
        public var ids: [String] { keys.keys.map(\.string).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

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
        ) throws(TesseraError) -> [ExactString: any JWSVerificationKey] {
            var byID: [ExactString: any JWSVerificationKey] = [:]
            for key in keys {
                guard let kid = key.keyID else { throw TesseraError(.invalidKey, "every key in a key set needs a kid") }
                guard byID.updateValue(key, forKey: ExactString(kid)) == nil else {
                    throw TesseraError(.invalidKey, "the key set holds kid \(TesseraError.quoted(kid)) twice")
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
        ///   - minimumRSABits: The smallest accepted RSA modulus in bits; only raises the 2048-bit floor.
        /// - Throws: `TesseraError.Code.invalidKey` for a malformed set, duplicate `kid`s, mixed key kinds, RSA keys
        ///   under the floor, or a set with no usable key; keys of unknown type, algorithm or curve, and keys
        ///   without `alg` when none is pinned, are listed in ``skipped`` instead.
        public init(
            jwks: String,
            algorithm: Algorithm? = nil,
            minimumRSABits: Int = JWS.minimumRSABits
        )
            throws(TesseraError)
        {
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
                    keys.append(
                        try JWK.verificationKey(from: jwk, algorithm: algorithm, minimumRSABits: minimumRSABits)
                    )
                } catch  where error.code == .invalidKey && Self.isSkippable(jwk, pinned: algorithm) {
                    skipped.append("entry \(index): \(error.reason)")
                }
            }
            guard !keys.isEmpty || skipped.isEmpty else {
                throw TesseraError(
                    .invalidKey,
                    "the JWKS holds no key Tessera can use: \(skipped.joined(separator: "; "))"
                )
            }
            self.keys = try Self.index(keys)
            self.skipped = skipped
        }

        /// The key with this `kid`, if any.
        ///
        /// - Parameter id: The `kid`.
        /// - Returns: The key or `nil`.
        public func key(withID id: String) -> (any JWSVerificationKey)? { keys[ExactString(id)] }

        /// Keys another library may publish that this one does not use: unknown `kty`, an `alg` it does not
        /// implement, a curve it does not implement (Ed448, secp256k1), no `alg` and none pinned, or keys for
        /// encryption. Malformed keys of a supported kind still fail the whole set.
        private static func isSkippable(_ jwk: JSONObject, pinned: Algorithm?) -> Bool {
            func member(_ name: String) -> String { jwk[name]?.stringValue ?? "" }
            func isOneOf(_ value: String, _ names: [String]) -> Bool { names.contains { $0.hasSameBytes(as: value) } }
            let knownKty = isOneOf(member("kty"), ["oct", "RSA", "EC", "OKP"])
            let unknownAlg = jwk["alg"]?.stringValue.map { Algorithm(name: $0) == nil } ?? false
            let noAlgorithm = jwk["alg"] == nil && pinned == nil
            let unsupportedCurve =
                (member("kty").hasSameBytes(as: "OKP") && !member("crv").hasSameBytes(as: "Ed25519"))
                || (member("kty").hasSameBytes(as: "EC") && !isOneOf(member("crv"), ["P-256", "P-384", "P-521"]))
            let forEncryption = jwk["use"].map { $0.stringValue?.hasSameBytes(as: "sig") != true } ?? false
            return !knownKty || unknownAlg || noAlgorithm || unsupportedCurve || forEncryption
        }
    }
}
