extension TesseraError {
    /// A stable identifier for a kind of failure.
    ///
    /// New codes may be added in later releases, so switch over them with a `default` branch.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable {
            case malformedToken
            case wrongHeader
            case unsupportedHeader
            case invalidBase64URL
            case authenticationFailed
            case footerMismatch
            case footerTooLarge
            case invalidJSON
            case duplicateJSONMember
            case jsonTooDeep
            case jsonTooLarge
            case invalidClaim
            case missingClaim
            case expired
            case notYetValid
            case issuedInFuture
            case tokenTooOld
            case issuerMismatch
            case audienceMismatch
            case subjectMismatch
            case ruleFailed
            case invalidKey
            case invalidPASERK
            case missingKeyID
            case unknownKeyID
            case unsupportedParameters
            case formatRetired
            case cryptoFailure
            case invalidConfiguration
            case revoked
            case revocationStateStale
            case refreshTokenInvalid
            case refreshTokenExpired
            case refreshTokenReused
            case sessionRevoked
            case storeUnavailable
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// The code's name, e.g. `expired`.
        public var description: String { value.rawValue }

        /// The token does not have the shape of its format (segments, lengths, empty parts).
        public static let malformedToken = Code(.malformedToken)
        /// The token's header names another version, purpose or algorithm than the key is bound to.
        public static let wrongHeader = Code(.wrongHeader)
        /// The header uses a feature this library refuses or does not implement (`crit`, `b64`, `zip`, JWE members).
        public static let unsupportedHeader = Code(.unsupportedHeader)
        /// A base64url segment is not canonical unpadded base64url.
        public static let invalidBase64URL = Code(.invalidBase64URL)
        /// The signature or authentication tag does not verify under this key.
        public static let authenticationFailed = Code(.authenticationFailed)
        /// The token's footer is not the one the verifier requires.
        public static let footerMismatch = Code(.footerMismatch)
        /// The footer exceeds the configured length, depth or member-count limit.
        public static let footerTooLarge = Code(.footerTooLarge)
        /// Bytes that must be JSON are not (or not the JSON shape required, e.g. not an object).
        public static let invalidJSON = Code(.invalidJSON)
        /// A JSON object names the same member twice.
        public static let duplicateJSONMember = Code(.duplicateJSONMember)
        /// JSON nests deeper than the configured limit.
        public static let jsonTooDeep = Code(.jsonTooDeep)
        /// JSON or a token is larger than the configured limit.
        public static let jsonTooLarge = Code(.jsonTooLarge)
        /// A registered claim has the wrong type or format (e.g. a number where PASETO needs an RFC 3339 string).
        public static let invalidClaim = Code(.invalidClaim)
        /// A claim the rules require is absent.
        public static let missingClaim = Code(.missingClaim)
        /// `exp` is not after now minus the leeway (a token is expired at its `exp` instant).
        public static let expired = Code(.expired)
        /// `nbf` is in the future (beyond the leeway).
        public static let notYetValid = Code(.notYetValid)
        /// `iat` is in the future (beyond the leeway).
        public static let issuedInFuture = Code(.issuedInFuture)
        /// `iat` is older than the configured maximum token age.
        public static let tokenTooOld = Code(.tokenTooOld)
        /// `iss` is not the expected issuer.
        public static let issuerMismatch = Code(.issuerMismatch)
        /// `aud` does not contain the expected audience.
        public static let audienceMismatch = Code(.audienceMismatch)
        /// `sub` is not the expected subject.
        public static let subjectMismatch = Code(.subjectMismatch)
        /// A caller-supplied validation rule refused the claims.
        public static let ruleFailed = Code(.ruleFailed)
        /// Key bytes are unusable: wrong length, inconsistent halves, or the wrong kind of key.
        public static let invalidKey = Code(.invalidKey)
        /// A PASERK string is malformed, of the wrong version or type, or fails its own authentication.
        public static let invalidPASERK = Code(.invalidPASERK)
        /// A key ring needs a `kid` in the footer and the token has none.
        public static let missingKeyID = Code(.missingKeyID)
        /// The footer's `kid` names no key in the ring.
        public static let unknownKeyID = Code(.unknownKeyID)
        /// Parameters (e.g. password-hashing costs) are outside what this library accepts.
        public static let unsupportedParameters = Code(.unsupportedParameters)
        /// The token's format is no longer accepted (e.g. legacy JWTs after a migration cut-off).
        public static let formatRetired = Code(.formatRetired)
        /// The underlying C library reported a failure.
        public static let cryptoFailure = Code(.cryptoFailure)
        /// A setting is unusable: a duration that is not a finite, non-negative number of seconds within bounds, or
        /// an option that cannot work with the others (e.g. rewriting an audience that was never checked).
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The token verified but has been revoked: its `jti`, its session, its subject's or the global epoch, or its
        /// key id is on the revocation list.
        public static let revoked = Code(.revoked)
        /// The revocation list this node holds is older than the staleness bound its verifier was given, so a
        /// revocation could be missing: verification fails closed until the list is fresh again.
        public static let revocationStateStale = Code(.revocationStateStale)
        /// A refresh token is malformed or unknown to the store.
        public static let refreshTokenInvalid = Code(.refreshTokenInvalid)
        /// A refresh token or its session passed its idle or absolute lifetime.
        public static let refreshTokenExpired = Code(.refreshTokenExpired)
        /// A refresh token was presented a second time: its whole session has been revoked, as a stolen copy may
        /// be in use.
        public static let refreshTokenReused = Code(.refreshTokenReused)
        /// The refresh token belongs to a session that was revoked (logout, logout everywhere, or an earlier reuse).
        public static let sessionRevoked = Code(.sessionRevoked)
        /// The session store could not be reached or refused an operation.
        public static let storeUnavailable = Code(.storeUnavailable)
    }
}
