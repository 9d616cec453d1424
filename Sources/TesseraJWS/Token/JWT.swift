public import TesseraCore

extension TokenFormat {
    /// A JWS verifier with a key set: each token's format is its key's algorithm, reported in `VerifiedToken.format`.
    public static let jwsKeySet = TokenFormat("JWS")
}

extension JWS {
    /// Settings a JWT verifier applies besides the claim rules.
    public struct VerificationSettings: Sendable {
        /// If set, the header's `typ` must equal it (case-insensitive, `application/` optional), e.g. `at+jwt`.
        public var requiredType: String?
        /// Limits for the JSON payload.
        public var payloadLimits: JSONLimits
        /// The longest accepted token, checked before anything is decoded.
        public var maximumTokenLength: Int

        /// Creates settings.
        ///
        /// - Parameters:
        ///   - requiredType: The required `typ`, if any.
        ///   - payloadLimits: Limits for the payload JSON.
        ///   - maximumTokenLength: The longest accepted token in bytes.
        public init(
            requiredType: String? = nil,
            payloadLimits: JSONLimits = .payload,
            maximumTokenLength: Int = 128 * 1024
        ) {
            self.requiredType = requiredType
            self.payloadLimits = payloadLimits
            self.maximumTokenLength = maximumTokenLength
        }
    }

    /// Issues JWTs signed with one key: header `{"alg":…,"typ":"JWT","kid":…}`, claims with NumericDate dates.
    public struct Signer<Key: JWSSigningKey>: TokenIssuer {
        /// The signing key.
        public let key: Key
        /// The `typ` header; `nil` omits it.
        public var type: String?
        /// Whether the key's `kid` is written into the header.
        public var includesKeyID: Bool
        /// Claims added when absent (`iat`, `exp`).
        public var defaults: IssuingDefaults

        /// The key's algorithm as a token format.
        public var format: TokenFormat { key.algorithm.format }

        /// Creates a signer.
        ///
        /// - Parameters:
        ///   - key: The signing key.
        ///   - type: The `typ` header.
        ///   - includesKeyID: Whether to write `kid`.
        ///   - defaults: Claims added when absent.
        public init(
            key: Key,
            type: String? = "JWT",
            includesKeyID: Bool = true,
            defaults: IssuingDefaults = IssuingDefaults()
        ) {
            self.key = key
            self.type = type
            self.includesKeyID = includesKeyID
            self.defaults = defaults
        }

        /// Signs claims into a compact JWT.
        ///
        /// - Parameter claims: The claims; `iat` and `exp` are added per ``defaults`` when absent.
        /// - Returns: The token.
        /// - Throws: `TesseraError.Code.invalidClaim` for claims JWT cannot express.
        public func issue(_ claims: Claims) throws(TesseraError) -> String {
            try JWS.sign(
                ClaimsCodec.jwt.encode(defaults.apply(to: claims)),
                using: key,
                type: type,
                includesKeyID: includesKeyID
            )
        }
    }

    /// Verifies JWTs: structure, header rules, signature, payload JSON and claim rules, in that order.
    public struct Verifier: TokenVerifier {
        private let keys: KeySource
        /// Claim checks run after the signature verified.
        public var rules: ValidationRules
        /// `typ` requirement and limits.
        public var settings: VerificationSettings
        /// The key's algorithm, or `TokenFormat.jwsKeySet` for a key set.
        public let format: TokenFormat

        /// A verifier for one key; a token's `kid`, if present, must be this key's.
        ///
        /// - Parameters:
        ///   - key: The verification key, bound to one algorithm.
        ///   - rules: Claim checks.
        ///   - settings: `typ` requirement and limits.
        public init(
            key: any JWSVerificationKey,
            rules: ValidationRules = ValidationRules(),
            settings: VerificationSettings = .init()
        ) {
            self.keys = .single(key)
            self.format = key.algorithm.format
            self.rules = rules
            self.settings = settings
        }

        /// A verifier that takes the key named by the token's `kid` from a set.
        ///
        /// - Parameters:
        ///   - keys: The key set.
        ///   - rules: Claim checks.
        ///   - settings: `typ` requirement and limits.
        public init(keys: KeySet, rules: ValidationRules = ValidationRules(), settings: VerificationSettings = .init())
        {
            self.keys = .set(keys)
            self.format = .jwsKeySet
            self.rules = rules
            self.settings = settings
        }

        /// Verifies a JWT.
        ///
        /// - Parameter token: The untrusted token.
        /// - Returns: The verified token; `payload` is the payload exactly as signed.
        /// - Throws: `TesseraError` naming the first check that failed.
        public func verify(_ token: String) throws(TesseraError) -> VerifiedToken {
            let message = try verifyMessage(token)
            let claims = try ClaimsCodec.jwt.decode(message.payload, limits: settings.payloadLimits)
            try rules.validate(claims)
            return VerifiedToken(
                format: message.algorithm.format,
                claims: claims,
                payload: message.payload,
                footer: [],
                keyID: message.keyID,
                dateFormat: .numericDate
            )
        }

        /// Verifies the JWS layer only (structure, header, signature), leaving the payload undecoded.
        ///
        /// - Parameter token: The untrusted token.
        /// - Returns: The header and payload.
        /// - Throws: `TesseraError` naming the first check that failed.
        public func verifyMessage(_ token: String) throws(TesseraError) -> Message {
            try JWS.verify(
                token,
                keys: keys,
                requiredType: settings.requiredType,
                maximumLength: settings.maximumTokenLength
            )
        }
    }
}
