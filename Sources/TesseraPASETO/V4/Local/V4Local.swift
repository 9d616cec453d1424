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
        let nonce: [UInt8]
        if let fixedNonce { nonce = fixedNonce } else { nonce = try Sodium.randomBytes(nonceLength) }
        guard nonce.count == nonceLength else { throw TesseraError(.cryptoFailure, "a v4.local nonce is 32 bytes") }
        var keys = try DerivedKeys(key: key, nonce: nonce[...])
        defer { keys.wipe() }
        let ciphertext = try keys.xor(payload[...])
        let tag = try keys.tag(
            nonce: nonce[...],
            ciphertext: ciphertext[...],
            footer: footer,
            implicitAssertion: implicitAssertion
        )
        var body: [UInt8] = []
        body.reserveCapacity(nonce.count + ciphertext.count + tag.count)
        body += nonce
        body += ciphertext
        body += tag
        return TokenParts.serialize(header: header, body: body, footer: footer)
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
        let body = parts.body
        let nonce = body[..<nonceLength]
        let ciphertext = body[nonceLength..<(body.count - tagLength)]
        let tag = body[(body.count - tagLength)...]
        var keys = try DerivedKeys(key: key, nonce: nonce)
        defer { keys.wipe() }
        let expected = try keys.tag(
            nonce: nonce,
            ciphertext: ciphertext,
            footer: parts.footer,
            implicitAssertion: implicitAssertion
        )
        guard Sodium.constantTimeEqual(expected, tag) else {
            throw TesseraError(.authenticationFailed, "the v4.local authentication tag does not verify under this key")
        }
        return Message(payload: try keys.xor(ciphertext), footer: parts.footer)
    }

    /// `Ek`, `n2` and `Ak`, derived from the key and nonce with keyed BLAKE2b.
    private struct DerivedKeys {
        var encryption: [UInt8]
        var authentication: [UInt8]

        init(key: SymmetricKey, nonce: ArraySlice<UInt8>) throws(TesseraError) {
            (encryption, authentication) = try key.withUnsafeBytes { raw throws(TesseraError) in
                let encryption = try Sodium.blake2b(outputLength: 56, key: raw) { hash in
                    hash.update(PASETO.V4.Local.encryptionKeyInfo)
                    hash.update(nonce)
                }
                let authentication = try Sodium.blake2b(outputLength: 32, key: raw) { hash in
                    hash.update(PASETO.V4.Local.authenticationKeyInfo)
                    hash.update(nonce)
                }
                return (encryption, authentication)
            }
        }

        func xor(_ input: ArraySlice<UInt8>) throws(TesseraError) -> [UInt8] {
            try withBytes(input) { inputBytes throws(TesseraError) in
                try withBytes(encryption) { derived throws(TesseraError) in
                    try Sodium.xchacha20(
                        inputBytes,
                        nonce: UnsafeRawBufferPointer(rebasing: derived[32..<56]),
                        key: UnsafeRawBufferPointer(rebasing: derived[0..<32])
                    )
                }
            }
        }

        func tag(
            nonce: ArraySlice<UInt8>,
            ciphertext: ArraySlice<UInt8>,
            footer: [UInt8],
            implicitAssertion: [UInt8]
        ) throws(TesseraError) -> [UInt8] {
            try withBytes(authentication) { raw throws(TesseraError) in
                try Sodium.blake2b(outputLength: 32, key: raw) { mac in
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
        }

        mutating func wipe() {
            Sodium.wipe(&encryption)
            Sodium.wipe(&authentication)
        }
    }
}
