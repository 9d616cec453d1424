public import TesseraCore
import TesseraSodium

extension JWS {
    /// JSON Web Keys (RFC 7517): reading keys bound to one algorithm, and RFC 7638 thumbprints.
    ///
    /// A JWK must name its algorithm in `alg`, or the caller must pin one; a pinned algorithm must agree with the
    /// JWK's own. Keys marked for encryption (`use` other than `sig`, or `key_ops` without the operation) are
    /// refused.
    public enum JWK: Sendable {
        /// Reads a JWK as a verification key; private members, if present, are ignored.
        ///
        /// - Parameters:
        ///   - json: The JWK object as JSON text.
        ///   - algorithm: The algorithm to pin when the JWK has no `alg`; must match it when it has one.
        ///   - minimumRSABits: The smallest accepted RSA modulus in bits; only raises the 2048-bit floor.
        /// - Returns: The key; its `kid` is explicit when the JWK has one, otherwise the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for unusable keys; JSON errors for malformed text.
        public static func verificationKey(
            from json: String,
            algorithm: Algorithm? = nil,
            minimumRSABits: Int = JWS.minimumRSABits
        ) throws(TesseraError) -> any JWSVerificationKey {
            try verificationKey(
                from: JSONParser(limits: limits).parseObject(Array(json.utf8)),
                algorithm: algorithm,
                minimumRSABits: minimumRSABits
            )
        }

        /// Reads a JWK object as a verification key; private members, if present, are ignored.
        ///
        /// - Parameters:
        ///   - jwk: The JWK object.
        ///   - algorithm: The algorithm to pin when the JWK has no `alg`; must match it when it has one.
        ///   - minimumRSABits: The smallest accepted RSA modulus in bits; only raises the 2048-bit floor.
        /// - Returns: The key; its `kid` is explicit when the JWK has one, otherwise the RFC 7638 thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for unusable keys.
        public static func verificationKey(
            from jwk: JSONObject,
            algorithm: Algorithm? = nil,
            minimumRSABits: Int = JWS.minimumRSABits
        ) throws(TesseraError) -> any JWSVerificationKey {
            let members = try Members(jwk, pinned: algorithm, operation: "verify")
            let kid = members.kid
            switch members.algorithm.family {
            case .hmac:
                var secret = try members.secretBytes("k")
                defer { Sodium.wipe(&secret) }
                return try HMACKey(algorithm: members.algorithm, secret: secret, keyID: kid)
            case .rsa, .rsaPSS:
                let key = try EVPKey.rsa(
                    components: [("n", members.unsignedInteger("n")), ("e", members.unsignedInteger("e"))],
                    isPrivate: false
                )
                return try RSAPublicKey(algorithm: members.algorithm, key: key, keyID: kid, minimumBits: minimumRSABits)
            case .ecdsa:
                return try ECDSAPublicKey(
                    algorithm: members.algorithm,
                    key: members.ecKey(includingPrivate: false),
                    keyID: kid
                )
            case .eddsa:
                try members.requireCurve("Ed25519")
                return try EdDSAPublicKey(rawRepresentation: members.bytes("x"), keyID: kid)
            }
        }

        /// Reads a private JWK as a signing key.
        ///
        /// - Parameters:
        ///   - json: The JWK object as JSON text.
        ///   - algorithm: The algorithm to pin when the JWK has no `alg`; must match it when it has one.
        ///   - minimumRSABits: The smallest accepted RSA modulus in bits; only raises the 2048-bit floor.
        /// - Returns: The key.
        /// - Throws: `TesseraError.Code.invalidKey` for public-only, inconsistent or unusable keys.
        public static func signingKey(
            from json: String,
            algorithm: Algorithm? = nil,
            minimumRSABits: Int = JWS.minimumRSABits
        ) throws(TesseraError) -> any JWSSigningKey {
            let jwk = try JSONParser(limits: limits).parseObject(Array(json.utf8))
            let members = try Members(jwk, pinned: algorithm, operation: "sign")
            let kid = members.kid
            switch members.algorithm.family {
            case .hmac:
                var secret = try members.secretBytes("k")
                defer { Sodium.wipe(&secret) }
                return try HMACKey(algorithm: members.algorithm, secret: secret, keyID: kid)
            case .rsa, .rsaPSS:
                var components: [(name: StaticString, value: [UInt8])] = []
                defer { for index in components.indices { Sodium.wipe(&components[index].value) } }
                let names: [(String, StaticString)] = [
                    ("n", "n"), ("e", "e"), ("d", "d"), ("p", "rsa-factor1"), ("q", "rsa-factor2"),
                    ("dp", "rsa-exponent1"),
                    ("dq", "rsa-exponent2"), ("qi", "rsa-coefficient1"),
                ]
                for (member, parameter) in names {
                    // n and e name the key (its thumbprint) and must be minimal; some exporters pad the private
                    // members to a fixed length, which does not change the key, so those are only required non-empty.
                    let isPublic = member == "n" || member == "e"
                    components.append((parameter, try members.unsignedInteger(member, public: isPublic)))
                }
                let key = try EVPKey.rsa(components: components, isPrivate: true)
                return try RSAPrivateKey(
                    algorithm: members.algorithm,
                    key: key,
                    keyID: kid,
                    minimumBits: minimumRSABits
                )
            case .ecdsa:
                return try ECDSAPrivateKey(
                    algorithm: members.algorithm,
                    key: members.ecKey(includingPrivate: true),
                    keyID: kid
                )
            case .eddsa:
                try members.requireCurve("Ed25519")
                var seed = try members.secretBytes("d")
                defer { Sodium.wipe(&seed) }
                let key = try EdDSAPrivateKey(seed: seed, keyID: kid)
                guard key.verificationKey.rawRepresentation == (try members.bytes("x")) else {
                    throw TesseraError(.invalidKey, "the Ed25519 JWK's x is not the public key of its d")
                }
                return key
            }
        }

        /// The RFC 7638 thumbprint of a JWK: SHA-256 over its required members in lexicographic order, base64url.
        ///
        /// - Parameter jwk: The JWK object.
        /// - Returns: The thumbprint.
        /// - Throws: `TesseraError.Code.invalidKey` for an unknown `kty` or missing members.
        public static func thumbprint(of jwk: JSONObject) throws(TesseraError) -> String {
            let kty = jwk["kty"]?.stringValue ?? ""
            let members: [(kty: String, required: [String])] = [
                ("oct", ["k", "kty"]), ("RSA", ["e", "kty", "n"]), ("EC", ["crv", "kty", "x", "y"]),
                ("OKP", ["crv", "kty", "x"]),
            ]
            guard let required = members.first(where: { $0.kty.hasSameBytes(as: kty) })?.required else {
                throw TesseraError(.invalidKey, "no RFC 7638 thumbprint is defined for this kty")
            }
            var canonical: [UInt8] = [UInt8(ascii: "{")]
            for (index, name) in required.enumerated() {
                guard let value = jwk[name]?.stringValue else {
                    throw TesseraError(.invalidKey, "the JWK lacks \"\(name)\", required for its thumbprint")
                }
                JSONWriter.writeMember(name, .string(value), first: index == 0, into: &canonical)
            }
            canonical.append(UInt8(ascii: "}"))
            return Base64URL.encode(try LibCrypto.sha256Digest(canonical))
        }

        /// Limits for JWK and JWKS documents: 256 KiB, depth 4.
        static let limits = JSONLimits(maxBytes: 256 * 1024, maxDepth: 4, maxMembers: 4096)

        /// The checked members of one JWK.
        struct Members {
            let object: JSONObject
            let algorithm: Algorithm
            let kid: String?

            init(_ object: JSONObject, pinned: Algorithm?, operation: String) throws(TesseraError) {
                self.object = object
                guard let kty = object["kty"]?.stringValue else {
                    throw TesseraError(.invalidKey, "the JWK has no kty")
                }
                if let use = object["use"] {
                    guard use.stringValue?.hasSameBytes(as: "sig") == true else {
                        throw TesseraError(.invalidKey, "the JWK's use is not \"sig\"; it is not a signature key")
                    }
                }
                if let operations = object["key_ops"] {
                    guard case .array(let list) = operations, list.contains(.string(operation)) else {
                        throw TesseraError(.invalidKey, "the JWK's key_ops do not allow \"\(operation)\"")
                    }
                }
                let declared: Algorithm?
                switch object["alg"] {
                case nil: declared = nil
                case .string(let name)?:
                    guard let algorithm = Algorithm(name: name) else {
                        throw TesseraError(
                            .invalidKey,
                            "the JWK's alg \(TesseraError.quoted(name, limit: 32)) is not a JWS algorithm Tessera supports"
                        )
                    }
                    declared = algorithm
                default: throw TesseraError(.invalidKey, "the JWK's alg is not a string")
                }
                if let declared, let pinned, declared != pinned {
                    throw TesseraError(.invalidKey, "the JWK is bound to \(declared); \(pinned) was pinned")
                }
                guard let algorithm = declared ?? pinned else {
                    throw TesseraError(.invalidKey, "the JWK has no alg; pin the algorithm when loading it")
                }
                let expectedKty: String
                switch algorithm.family {
                case .hmac: expectedKty = "oct"
                case .rsa, .rsaPSS: expectedKty = "RSA"
                case .ecdsa: expectedKty = "EC"
                case .eddsa: expectedKty = "OKP"
                }
                guard kty.hasSameBytes(as: expectedKty) else {
                    throw TesseraError(
                        .invalidKey,
                        "\(algorithm) needs a kty \(expectedKty) key; this JWK is \(TesseraError.quoted(kty, limit: 16))"
                    )
                }
                switch object["kid"] {
                case nil: kid = nil
                case .string(let value)?: kid = value
                default: throw TesseraError(.invalidKey, "the JWK's kid is not a string")
                }
                self.algorithm = algorithm
            }

            func bytes(_ name: String) throws(TesseraError) -> [UInt8] {
                guard let text = object[name]?.stringValue else {
                    throw TesseraError(.invalidKey, "the JWK lacks \"\(name)\"")
                }
                do {
                    return try Base64URL.decode(text)
                } catch {
                    throw TesseraError(.invalidKey, "the JWK's \"\(name)\" is not canonical base64url")
                }
            }

            /// A Base64urlUInt member (RFC 7518 §2): a non-empty big-endian unsigned integer in the fewest octets, so
            /// one key has one JWK spelling and one RFC 7638 thumbprint.
            func unsignedInteger(_ name: String, public isPublic: Bool = true) throws(TesseraError) -> [UInt8] {
                var value = isPublic ? try bytes(name) : try secretBytes(name)
                guard !value.isEmpty, !isPublic || value.count == 1 || value[0] != 0 else {
                    Sodium.wipe(&value)
                    throw TesseraError(
                        .invalidKey,
                        "the JWK's \"\(name)\" is not a minimal Base64urlUInt (empty, or a leading zero octet)"
                    )
                }
                return value
            }

            /// A member holding secret bytes (`k`, `d`, the RSA private integers), decoded in constant time by
            /// libsodium (which also refuses non-canonical base64url); the caller wipes the result.
            func secretBytes(_ name: String) throws(TesseraError) -> [UInt8] {
                guard let text = object[name]?.stringValue else {
                    throw TesseraError(.invalidKey, "the JWK lacks \"\(name)\"")
                }
                guard let value = Sodium.decodeSecretBase64URL(Array(text.utf8)) else {
                    throw TesseraError(.invalidKey, "the JWK's \"\(name)\" is not canonical base64url")
                }
                return value
            }

            func requireCurve(_ curve: String) throws(TesseraError) {
                guard object["crv"]?.stringValue?.hasSameBytes(as: curve) == true else {
                    let given = object["crv"]?.stringValue.map { TesseraError.quoted($0, limit: 16) } ?? "absent"
                    throw TesseraError(.invalidKey, "\(algorithm) needs crv \(curve); this JWK's crv is \(given)")
                }
            }

            func ecKey(includingPrivate: Bool) throws(TesseraError) -> EVPKey {
                guard let parameters = algorithm.ecdsaParameters else {
                    throw TesseraError(.invalidKey, "not an EC algorithm")
                }
                try requireCurve(parameters.curve)
                let x = try bytes("x")
                let y = try bytes("y")
                guard x.count == parameters.coordinateLength, y.count == parameters.coordinateLength else {
                    throw TesseraError(
                        .invalidKey,
                        "the JWK's x and y must be \(parameters.coordinateLength) bytes for \(parameters.curve)"
                    )
                }
                var scalar: [UInt8] = []
                defer { LibCrypto.cleanse(&scalar) }
                if includingPrivate {
                    scalar = try secretBytes("d")
                    guard scalar.count == parameters.coordinateLength else {
                        throw TesseraError(.invalidKey, "the JWK's d must be \(parameters.coordinateLength) bytes")
                    }
                }
                return try EVPKey.ec(
                    group: parameters.group,
                    point: [0x04] + x + y,
                    privateScalar: includingPrivate ? scalar : nil
                )
            }
        }
    }
}
