public import TesseraCore

extension PASETO {
    /// Settings every PASETO verifier shares: the footer and implicit assertion it demands, and parsing limits.
    public struct VerificationSettings: Sendable {
        /// If set, a token's footer must equal these bytes (compared in constant time).
        public var expectedFooter: [UInt8]?
        /// The implicit assertion tokens must have been made with.
        public var implicitAssertion: [UInt8]
        /// Limits for the JSON payload.
        public var payloadLimits: JSONLimits
        /// Limits for a JSON footer, applied before a key ring reads its `kid`.
        public var footerLimits: JSONLimits
        /// Which forms of `aud` are read: a string (PASETO's registry, the default), or also an array of strings
        /// for tokens migrated from JWTs with several audiences.
        public var audienceFormat: ClaimsCodec.AudienceFormat

        /// Creates settings.
        ///
        /// - Parameters:
        ///   - expectedFooter: The required footer, if any.
        ///   - implicitAssertion: The implicit assertion.
        ///   - payloadLimits: Limits for the payload JSON.
        ///   - footerLimits: Limits for footer JSON.
        ///   - audienceFormat: Which forms of `aud` are read.
        public init(
            expectedFooter: [UInt8]? = nil,
            implicitAssertion: [UInt8] = [],
            payloadLimits: JSONLimits = .payload,
            footerLimits: JSONLimits = .footer,
            audienceFormat: ClaimsCodec.AudienceFormat = .string
        ) {
            self.expectedFooter = expectedFooter
            self.implicitAssertion = implicitAssertion
            self.payloadLimits = payloadLimits
            self.footerLimits = footerLimits
            self.audienceFormat = audienceFormat
        }

        /// The longest token these limits can produce, checked before anything is decoded.
        /// Saturates at `Int.max`, so absurd limits never trap.
        func maximumTokenLength(header: String, overhead: Int) -> Int {
            let payload = Base64URL.encodedLength(of: Self.saturatingSum(max(payloadLimits.maxBytes, 0), overhead))
            let footer = Base64URL.encodedLength(of: max(footerLimits.maxBytes, 0))
            return Self.saturatingSum(header.utf8.count, payload, 1, footer)
        }

        private static func saturatingSum(_ terms: Int...) -> Int {
            var total = 0
            for term in terms {
                let (sum, overflow) = total.addingReportingOverflow(term)
                if overflow { return Int.max }
                total = sum
            }
            return total
        }

        /// The whole verification of a token: structure and size, footer limit, key choice, the purpose's
        /// cryptography (`open`), then the payload's claims and the rules.
        func verify<Key: IdentifiedKey>(
            _ token: String,
            format: TokenFormat,
            header: String,
            minimumBody: Int,
            keys: VerificationKeys<Key>,
            rules: ValidationRules,
            open: (TokenParts, Key) throws(TesseraError) -> Message
        ) throws(TesseraError) -> VerifiedToken {
            let parts = try TokenParts.parse(
                token,
                header: header,
                minimumBody: minimumBody,
                maximumLength: maximumTokenLength(header: header, overhead: 64)
            )
            let (key, keyID) = try keys.key(for: parts, settings: self)
            let message = try open(parts, key)
            return try finish(
                format: format,
                payload: message.payload,
                footer: message.footer,
                keyID: keyID,
                rules: rules
            )
        }

        /// Decodes and validates a verified payload.
        func finish(
            format: TokenFormat,
            payload: [UInt8],
            footer: [UInt8],
            keyID: String?,
            rules: ValidationRules
        ) throws(TesseraError) -> VerifiedToken {
            let codec = ClaimsCodec(dateFormat: .rfc3339, audienceFormat: audienceFormat)
            let claims = try codec.decode(payload, limits: payloadLimits)
            try rules.validate(claims)
            return VerifiedToken(
                format: format,
                claims: claims,
                payload: payload,
                footer: footer,
                keyID: keyID,
                dateFormat: .rfc3339
            )
        }
    }

    /// A verifier's keys: one fixed key, or a ring chosen from by the footer's `kid`.
    enum VerificationKeys<Key: IdentifiedKey>: Sendable {
        case single(Key)
        case ring(KeyRing<Key>)

        func key(for parts: TokenParts, settings: VerificationSettings) throws(TesseraError) -> (Key, String?) {
            guard parts.footer.count <= settings.footerLimits.maxBytes else {
                throw TesseraError(
                    .footerTooLarge,
                    "the footer of \(parts.footer.count) bytes exceeds the limit of \(settings.footerLimits.maxBytes)"
                )
            }
            switch self {
            case .single(let key): return (key, key.id)
            case .ring(let ring):
                let key = try ring.key(forFooter: parts.footer, limits: settings.footerLimits)
                return (key, key.id)
            }
        }
    }
}
