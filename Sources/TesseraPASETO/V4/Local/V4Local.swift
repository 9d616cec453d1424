public import TesseraCore
import TesseraSodium

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension PASETO.V4.Local {
    /// `v4.local.`, the header every `v4.local` token starts with.
    public static let header = "v4.local."

    static let headerBytes = Array(header.utf8)

    static let nonceLength = 32
    static let tagLength = 32
    private static let encryptionKeyInfo = Array("paseto-encryption-key".utf8)
    private static let authenticationKeyInfo = Array("paseto-auth-key-for-aead".utf8)

    /// A decrypted `v4.local` message.
    public typealias Message = PASETO.Message

    /// Encrypts arbitrary payload bytes into a `v4.local` token (PASETO v4 `Encrypt`).
    ///
    /// Most code should use ``Issuer``, which encodes claims; this is the message-level operation underneath it.
    ///
    /// - Parameters:
    ///   - payload: The plaintext; PASETO payloads are never empty.
    ///   - key: The `v4.local` key.
    ///   - footer: Authenticated, unencrypted bytes appended to the token.
    ///   - implicitAssertion: Authenticated bytes that are not stored in the token; the verifier must supply them.
    /// - Returns: The token.
    /// - Throws: `TesseraError.Code.malformedToken` for an empty payload.
    public static func encrypt(
        _ payload: some DataProtocol,
        using key: SymmetricKey,
        footer: some DataProtocol = [UInt8](),
        implicitAssertion: some DataProtocol = [UInt8]()
    ) throws(TesseraError) -> String {
        try encrypt(
            Array(payload),
            using: key,
            footer: Array(footer),
            implicitAssertion: Array(implicitAssertion),
            nonce: nil
        )
    }

    /// The encryption with an optional fixed nonce, for known-answer tests only (reached with `@testable import`).
    static func encrypt(
        _ payload: [UInt8],
        using key: SymmetricKey,
        footer: [UInt8],
        implicitAssertion: [UInt8],
        nonce fixedNonce: [UInt8]?
    ) throws(TesseraError) -> String {
        guard !payload.isEmpty else { throw TesseraError(.malformedToken, "a PASETO payload cannot be empty") }
        if let fixedNonce, fixedNonce.count != nonceLength {
            throw TesseraError(.cryptoFailure, "a v4.local nonce is 32 bytes")
        }
        let body = try makeBytes(count: nonceLength + payload.count + tagLength) { body throws(TesseraError) in
            try seal(
                payload,
                into: body,
                using: key,
                footer: footer,
                implicitAssertion: implicitAssertion,
                nonce: fixedNonce
            )
        }
        return TokenParts.serialize(header: header, body: body, footer: footer)
    }

    /// Writes `n ‖ c ‖ t` into `body`, which has room for exactly the nonce, the payload and the tag.
    private static func seal(
        _ payload: [UInt8],
        into body: UnsafeMutableRawBufferPointer,
        using key: SymmetricKey,
        footer: [UInt8],
        implicitAssertion: [UInt8],
        nonce fixedNonce: [UInt8]?
    ) throws(TesseraError) {
        let nonce = UnsafeMutableRawBufferPointer(rebasing: body[..<nonceLength])
        let ciphertext = UnsafeMutableRawBufferPointer(rebasing: body[nonceLength..<(body.count - tagLength)])
        let tag = UnsafeMutableRawBufferPointer(rebasing: body[(body.count - tagLength)...])
        if let fixedNonce {
            fixedNonce.withUnsafeBytes { nonce.copyMemory(from: $0) }
        } else {
            try Sodium.randomBytes(into: nonce)
        }
        try withDerivedKeys(key: key, nonce: UnsafeRawBufferPointer(nonce)) { keys throws(TesseraError) in
            try withBytes(payload) { plaintext throws(TesseraError) in try keys.xor(plaintext, into: ciphertext) }
            try keys.tag(
                nonce: UnsafeRawBufferPointer(nonce),
                ciphertext: UnsafeRawBufferPointer(ciphertext),
                footer: footer,
                implicitAssertion: implicitAssertion,
                into: tag
            )
        }
    }

    /// Decrypts a `v4.local` token (PASETO v4 `Decrypt`): header, structure and tag are checked before decryption.
    ///
    /// Most code should use ``Verifier``, which also decodes and validates the claims.
    ///
    /// - Parameters:
    ///   - token: The untrusted token.
    ///   - key: The `v4.local` key.
    ///   - expectedFooter: If given, the token's footer must equal it (compared in constant time).
    ///   - implicitAssertion: The implicit assertion the token was made with.
    /// - Returns: The payload and footer.
    /// - Throws: `TesseraError.Code.wrongHeader` for any other header, `TesseraError.Code.malformedToken` or
    ///   `TesseraError.Code.invalidBase64URL` for a malformed token, `TesseraError.Code.footerMismatch`, or
    ///   `TesseraError.Code.authenticationFailed` when the tag does not verify.
    public static func decrypt(
        _ token: String,
        using key: SymmetricKey,
        expectedFooter: [UInt8]? = nil,
        implicitAssertion: some DataProtocol = [UInt8]()
    ) throws(TesseraError) -> Message {
        let parts = try TokenParts.parse(
            token,
            header: header,
            minimumBody: nonceLength + tagLength,
            maximumLength: .max
        )
        return try decrypt(
            parts,
            using: key,
            expectedFooter: expectedFooter,
            implicitAssertion: Array(implicitAssertion)
        )
    }

    static func decrypt(
        _ parts: TokenParts,
        using key: SymmetricKey,
        expectedFooter: [UInt8]?,
        implicitAssertion: [UInt8]
    ) throws(TesseraError) -> Message {
        if let expectedFooter, !Sodium.constantTimeEqual(expectedFooter, parts.footer) {
            throw TesseraError(.footerMismatch, "the token's footer is not the expected footer")
        }
        return try withBytes(parts.body) { body throws(TesseraError) in
            let nonce = UnsafeRawBufferPointer(rebasing: body[..<nonceLength])
            let ciphertext = UnsafeRawBufferPointer(rebasing: body[nonceLength..<(body.count - tagLength)])
            let tag = UnsafeRawBufferPointer(rebasing: body[(body.count - tagLength)...])
            return try withDerivedKeys(key: key, nonce: nonce) { keys throws(TesseraError) in
                let authentic = try keys.isAuthentic(
                    tag,
                    nonce: nonce,
                    ciphertext: ciphertext,
                    footer: parts.footer,
                    implicitAssertion: implicitAssertion
                )
                guard authentic else {
                    throw TesseraError(
                        .authenticationFailed,
                        "the v4.local authentication tag does not verify under this key"
                    )
                }
                return Message(payload: try keys.xor(ciphertext), footer: parts.footer)
            }
        }
    }

    /// Runs `body` with `Ek ‖ n2` and `Ak`, derived from the key and nonce with keyed BLAKE2b into a temporary
    /// buffer that is wiped afterwards, whether `body` returns or throws.
    private static func withDerivedKeys<R>(
        key: SymmetricKey,
        nonce: UnsafeRawBufferPointer,
        _ body: (DerivedKeys) throws(TesseraError) -> R
    ) throws(TesseraError) -> R {
        try withUnsafeTemporaryAllocation(byteCount: 56 + 32, alignment: 16) { derived throws(TesseraError) -> R in
            defer { Sodium.wipe(derived) }
            let encryption = UnsafeMutableRawBufferPointer(rebasing: derived[0..<56])
            let authentication = UnsafeMutableRawBufferPointer(rebasing: derived[56...])
            try key.withUnsafeBytes { raw throws(TesseraError) in
                try Sodium.blake2b(into: encryption, key: raw) { hash in
                    hash.update(PASETO.V4.Local.encryptionKeyInfo)
                    hash.update(nonce)
                }
                try Sodium.blake2b(into: authentication, key: raw) { hash in
                    hash.update(PASETO.V4.Local.authenticationKeyInfo)
                    hash.update(nonce)
                }
            }
            return try body(
                DerivedKeys(
                    encryption: UnsafeRawBufferPointer(encryption),
                    authentication: UnsafeRawBufferPointer(authentication)
                )
            )
        }
    }

    /// `Ek ‖ n2` (56 bytes) and `Ak` (32 bytes), in memory owned by ``withDerivedKeys(key:nonce:_:)``.
    private struct DerivedKeys {
        let encryption: UnsafeRawBufferPointer
        let authentication: UnsafeRawBufferPointer

        private var streamKey: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: encryption[0..<32]) }
        private var streamNonce: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: encryption[32..<56]) }

        func xor(_ input: UnsafeRawBufferPointer) throws(TesseraError) -> [UInt8] {
            try Sodium.xchacha20(input, nonce: streamNonce, key: streamKey)
        }

        func xor(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(TesseraError) {
            try Sodium.xchacha20(input, into: output, nonce: streamNonce, key: streamKey)
        }

        /// Writes the tag, keyed BLAKE2b over `PAE(h, n, c, f, i)` fed piece by piece, to `output` (32 bytes).
        func tag(
            nonce: UnsafeRawBufferPointer,
            ciphertext: UnsafeRawBufferPointer,
            footer: [UInt8],
            implicitAssertion: [UInt8],
            into output: UnsafeMutableRawBufferPointer
        ) throws(TesseraError) {
            try Sodium.blake2b(into: output, key: authentication) { mac in
                mac.update(le64: 5)
                mac.update(le64: PASETO.V4.Local.headerBytes.count)
                mac.update(PASETO.V4.Local.headerBytes)
                mac.update(le64: nonce.count)
                mac.update(nonce)
                mac.update(le64: ciphertext.count)
                mac.update(ciphertext)
                mac.update(le64: footer.count)
                mac.update(footer)
                mac.update(le64: implicitAssertion.count)
                mac.update(implicitAssertion)
            }
        }

        /// Whether `tag` is the expected tag, compared in constant time.
        func isAuthentic(
            _ tag: UnsafeRawBufferPointer,
            nonce: UnsafeRawBufferPointer,
            ciphertext: UnsafeRawBufferPointer,
            footer: [UInt8],
            implicitAssertion: [UInt8]
        ) throws(TesseraError) -> Bool {
            try withUnsafeTemporaryAllocation(byteCount: PASETO.V4.Local.tagLength, alignment: 1) {
                expected throws(TesseraError) -> Bool in
                defer { Sodium.wipe(expected) }
                try self.tag(
                    nonce: nonce,
                    ciphertext: ciphertext,
                    footer: footer,
                    implicitAssertion: implicitAssertion,
                    into: expected
                )
                return Sodium.constantTimeEqual(UnsafeRawBufferPointer(expected), tag)
            }
        }
    }
}
