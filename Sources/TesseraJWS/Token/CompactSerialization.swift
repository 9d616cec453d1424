public import TesseraCore

extension JWS {
    /// A verified JWS: its protected header, and its payload exactly as signed.
    public struct Message: Sendable {
        /// The decoded protected header.
        public let header: JSONObject
        /// The payload bytes.
        public let payload: [UInt8]
        /// The key that verified the signature.
        public let algorithm: Algorithm
        /// The key id of the verifying key, if any.
        public let keyID: String?
    }

    /// Limits for a JWS protected header: 8 KiB, depth 4, 64 members.
    public static let headerLimits = JSONLimits(maxBytes: 8 * 1024, maxDepth: 4, maxMembers: 64)

    /// Signs arbitrary payload bytes into a compact JWS with header `{"alg":…[,"typ":…][,"kid":…]}`.
    ///
    /// - Parameters:
    ///   - payload: The payload bytes.
    ///   - key: The signing key; its algorithm goes into `alg`.
    ///   - type: The `typ` header, e.g. `JWT`; `nil` omits it.
    ///   - includesKeyID: Whether to write the key's `kid`.
    /// - Returns: The compact serialisation.
    /// - Throws: `TesseraError.Code.cryptoFailure` when signing fails.
    public static func sign(
        _ payload: [UInt8],
        using key: some JWSSigningKey,
        type: String? = "JWT",
        includesKeyID: Bool = true
    ) throws(TesseraError) -> String {
        var header: [UInt8] = [UInt8(ascii: "{")]
        JSONWriter.writeMember("alg", .string(key.algorithm.name), first: true, into: &header)
        if let type { JSONWriter.writeMember("typ", .string(type), first: false, into: &header) }
        if includesKeyID, let kid = key.keyID {
            JSONWriter.writeMember("kid", .string(kid), first: false, into: &header)
        }
        header.append(UInt8(ascii: "}"))
        var output: [UInt8] = []
        output.reserveCapacity(Base64URL.encodedLength(of: header.count + payload.count) + 200)
        Base64URL.encode(header, into: &output)
        output.append(UInt8(ascii: "."))
        Base64URL.encode(payload, into: &output)
        let signature = try key.signature(for: output)
        output.append(UInt8(ascii: "."))
        Base64URL.encode(signature, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Where a verifier gets its key: one key, or a key set searched by the header's `kid`.
    enum KeySource: Sendable {
        case single(any JWSVerificationKey)
        case set(KeySet)

        func key(for header: JSONObject) throws(TesseraError) -> any JWSVerificationKey {
            let kid: String?
            switch header["kid"] {
            case nil: kid = nil
            case .string(let value)?: kid = value
            default: throw TesseraError(.malformedToken, "the header's kid is not a string")
            }
            switch self {
            case .single(let key):
                // A kid is a hint (RFC 7515 §4.1.4): only a key id the caller set may refuse a token.
                if let kid, key.keyIDIsExplicit, let own = key.keyID, !kid.hasSameBytes(as: own) {
                    throw TesseraError(
                        .unknownKeyID,
                        "the token's kid \(TesseraError.quoted(kid)) names another key than this verifier's"
                    )
                }
                return key
            case .set(let set):
                guard let kid else {
                    throw TesseraError(.missingKeyID, "the token has no kid to choose a key from the set")
                }
                guard let key = set.key(withID: kid) else {
                    throw TesseraError(.unknownKeyID, "no key in the set has kid \(TesseraError.quoted(kid))")
                }
                return key
            }
        }
    }

    /// Splits, checks and verifies a compact JWS; the payload is returned undecoded.
    static func verify(
        _ token: String,
        keys: KeySource,
        requiredType: String?,
        maximumLength: Int
    ) throws(TesseraError) -> Message {
        try token.withUTF8Bytes { bytes throws(TesseraError) -> Message in
            guard bytes.count <= maximumLength else {
                throw TesseraError(
                    .jsonTooLarge,
                    "token of \(bytes.count) bytes exceeds the limit of \(maximumLength) bytes"
                )
            }
            var dots = (0, 0)
            var dotCount = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: ".") {
                if dotCount == 0 { dots.0 = index } else if dotCount == 1 { dots.1 = index }
                dotCount += 1
            }
            guard dotCount == 2 else {
                throw TesseraError(
                    .malformedToken,
                    "a compact JWS has three segments; this token has \(dotCount + 1)"
                )
            }
            let headerText = UnsafeBufferPointer(rebasing: bytes[..<dots.0])
            let payloadText = UnsafeBufferPointer(rebasing: bytes[(dots.0 + 1)..<dots.1])
            let signatureText = UnsafeBufferPointer(rebasing: bytes[(dots.1 + 1)...])
            guard !headerText.isEmpty else { throw TesseraError(.malformedToken, "the header segment is empty") }
            let header: JSONObject
            do throws(TesseraError) {
                header = try Base64URL.withDecoded(headerText) { headerBytes throws(TesseraError) in
                    try JSONParser(limits: headerLimits).parseObject(headerBytes)
                }
            } catch  where error.code == .invalidJSON {
                throw TesseraError(.malformedToken, "the header is not a JSON object: \(error.reason)")
            }
            try preflight(header)
            let key = try keys.key(for: header)
            try checkHeader(header, against: key.algorithm, requiredType: requiredType)
            guard !signatureText.isEmpty else { throw TesseraError(.malformedToken, "the signature segment is empty") }
            let signature = try Base64URL.decode(signatureText)
            let payload = try Base64URL.decode(payloadText)
            let signingInput = Array(UnsafeBufferPointer(rebasing: bytes[..<dots.1]))
            guard try key.isValidSignature(signature, for: signingInput) else {
                throw TesseraError(
                    .authenticationFailed,
                    "the \(key.algorithm) signature does not verify under this key"
                )
            }
            return Message(header: header, payload: payload, algorithm: key.algorithm, keyID: key.keyID)
        }
    }

    /// The header rules that need no key: `alg` present and not `none`, and no feature Tessera refuses.
    static func preflight(_ header: JSONObject) throws(TesseraError) {
        guard let alg = header["alg"] else { throw TesseraError(.wrongHeader, "the header has no alg") }
        guard case .string(let name) = alg else { throw TesseraError(.wrongHeader, "the header's alg is not a string") }
        guard !equalsIgnoringASCIICase(name, "none") else {
            throw TesseraError(.wrongHeader, "alg \"none\" (unsecured JWS) is never accepted")
        }
        if let critical = header["crit"] {
            guard case .array(let names) = critical, !names.isEmpty else {
                throw TesseraError(.unsupportedHeader, "crit must be a non-empty array of header names")
            }
            let listed = names.prefix(8).compactMap(\.stringValue).map { TesseraError.quoted($0, limit: 32) }
                .joined(separator: ", ")
            throw TesseraError(.unsupportedHeader, "crit names extensions this library does not implement: \(listed)")
        }
        if header["b64"] != nil {
            throw TesseraError(.unsupportedHeader, "b64 (RFC 7797 unencoded payload) is not supported")
        }
        for member in jweMembers where header[member] != nil {
            throw TesseraError(.unsupportedHeader, "\"\(member)\" belongs to JWE; this is a JWS verifier")
        }
    }

    /// The header rules of RFC 7515 and RFC 8725 that involve the key, applied before any cryptography.
    static func checkHeader(
        _ header: JSONObject,
        against algorithm: Algorithm,
        requiredType: String?
    ) throws(TesseraError) {
        guard case .string(let name)? = header["alg"], name.hasSameBytes(as: algorithm.name) else {
            let shown = header["alg"]?.stringValue.flatMap { Algorithm(name: $0)?.name } ?? "an unsupported algorithm"
            throw TesseraError(.wrongHeader, "token header alg is \(shown); this key is \(algorithm)")
        }
        if let requiredType {
            guard case .string(let type)? = header["typ"] else {
                throw TesseraError(.wrongHeader, "the header has no typ; \"\(requiredType)\" is required")
            }
            guard normalisedType(type).hasSameBytes(as: normalisedType(requiredType)) else {
                throw TesseraError(
                    .wrongHeader,
                    "the header's typ is \(TesseraError.quoted(type, limit: 32)), not \"\(requiredType)\""
                )
            }
        }
    }

    /// A media type compared ASCII case-insensitively, with the optional `application/` prefix removed
    /// (RFC 7515 §4.1.9). Only `A`–`Z` fold: Unicode lowercasing would fold U+212A KELVIN SIGN to `k`.
    private static func normalisedType(_ type: String) -> String {
        let lower = asciiLowercased(type)
        let prefix = "application/"
        guard lower.utf8.starts(with: prefix.utf8) else { return lower }
        return String(decoding: lower.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
    }

    /// Header members that only JWE defines; a JWS verifier refuses a header that has one.
    private static let jweMembers = ["enc", "zip"]

    /// Whether `text` equals the lower-case ASCII `lowercase` once ASCII capitals in `text` are lowered (no other
    /// byte folds), compared without building a lowered copy.
    private static func equalsIgnoringASCIICase(_ text: String, _ lowercase: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        return text.utf8.elementsEqual(expected) { byte, wanted in
            ((0x41...0x5A).contains(byte) ? byte | 0x20 : byte) == wanted
        }
    }

    /// `text` with ASCII capitals lowered and every other byte kept.
    private static func asciiLowercased(_ text: String) -> String {
        String(decoding: text.utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
    }
}
