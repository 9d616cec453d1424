public import TesseraCore

/// JWS (RFC 7515) compact serialisation and JWT (RFC 7519) on OpenSSL 3, with every key bound to one algorithm.
///
/// There is no algorithm negotiation: a key is made for exactly one ``Algorithm``; a token's `alg` header is
/// compared with it before any cryptography runs, and `none` cannot be expressed at all.
public enum JWS: Sendable {
    /// A JWS signature algorithm from RFC 7518 or RFC 8037. `none` is not one of them.
    public struct Algorithm: Sendable, Hashable, CustomStringConvertible {
        enum Family: Sendable, Hashable {
            case hmac
            case rsa
            case rsaPSS
            case ecdsa(curve: String, coordinateLength: Int)
            case eddsa
        }

        /// The registered name, as it appears in the `alg` header (case-sensitive).
        public let name: String
        let family: Family
        let digestBits: Int

        /// The registered name.
        public var description: String { name }

        /// The token format of this algorithm, e.g. `HS256`.
        public var format: TokenFormat { TokenFormat(name) }

        /// HMAC with SHA-256.
        public static let hs256 = Algorithm(name: "HS256", family: .hmac, digestBits: 256)
        /// HMAC with SHA-384.
        public static let hs384 = Algorithm(name: "HS384", family: .hmac, digestBits: 384)
        /// HMAC with SHA-512.
        public static let hs512 = Algorithm(name: "HS512", family: .hmac, digestBits: 512)
        /// RSASSA-PKCS1-v1_5 with SHA-256.
        public static let rs256 = Algorithm(name: "RS256", family: .rsa, digestBits: 256)
        /// RSASSA-PKCS1-v1_5 with SHA-384.
        public static let rs384 = Algorithm(name: "RS384", family: .rsa, digestBits: 384)
        /// RSASSA-PKCS1-v1_5 with SHA-512.
        public static let rs512 = Algorithm(name: "RS512", family: .rsa, digestBits: 512)
        /// RSASSA-PSS with SHA-256, MGF1 with SHA-256, salt of 32 bytes.
        public static let ps256 = Algorithm(name: "PS256", family: .rsaPSS, digestBits: 256)
        /// RSASSA-PSS with SHA-384, MGF1 with SHA-384, salt of 48 bytes.
        public static let ps384 = Algorithm(name: "PS384", family: .rsaPSS, digestBits: 384)
        /// RSASSA-PSS with SHA-512, MGF1 with SHA-512, salt of 64 bytes.
        public static let ps512 = Algorithm(name: "PS512", family: .rsaPSS, digestBits: 512)
        /// ECDSA on P-256 with SHA-256.
        public static let es256 = Algorithm(
            name: "ES256",
            family: .ecdsa(curve: "P-256", coordinateLength: 32),
            digestBits: 256
        )
        /// ECDSA on P-384 with SHA-384.
        public static let es384 = Algorithm(
            name: "ES384",
            family: .ecdsa(curve: "P-384", coordinateLength: 48),
            digestBits: 384
        )
        /// ECDSA on P-521 with SHA-512.
        public static let es512 = Algorithm(
            name: "ES512",
            family: .ecdsa(curve: "P-521", coordinateLength: 66),
            digestBits: 512
        )
        /// EdDSA with Ed25519 (RFC 8037).
        public static let eddsa = Algorithm(name: "EdDSA", family: .eddsa, digestBits: 512)

        /// Every supported algorithm.
        public static let all: [Algorithm] = [
            .hs256, .hs384, .hs512, .rs256, .rs384, .rs512, .ps256, .ps384, .ps512, .es256, .es384, .es512, .eddsa,
        ]

        /// The algorithm with this exact registered name; `nil` for anything else, including every spelling of
        /// `none`.
        ///
        /// - Parameter name: The `alg` value.
        public init?(name: String) {
            guard let algorithm = Self.all.first(where: { $0.name.hasSameBytes(as: name) }) else { return nil }
            self = algorithm
        }

        private init(name: String, family: Family, digestBits: Int) {
            self.name = name
            self.family = family
            self.digestBits = digestBits
        }

        /// The `ES*` curve parameters, if this is an ECDSA algorithm.
        var ecdsaParameters: (group: StaticString, groupName: String, curve: String, coordinateLength: Int)? {
            switch (family, digestBits) {
            case (.ecdsa(let curve, let length), 256): ("prime256v1", "prime256v1", curve, length)
            case (.ecdsa(let curve, let length), 384): ("secp384r1", "secp384r1", curve, length)
            case (.ecdsa(let curve, let length), _): ("secp521r1", "secp521r1", curve, length)
            default: nil
            }
        }
    }
}
