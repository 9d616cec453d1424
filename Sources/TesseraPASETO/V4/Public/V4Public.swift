public import TesseraCore
import TesseraSodium

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension PASETO.V4.Public {
    /// `v4.public.`, the header every `v4.public` token starts with.
    public static let header = "v4.public."

    static let headerBytes = Array(header.utf8)

    /// A verified `v4.public` message.
    public typealias Message = PASETO.Message

    /// Signs arbitrary payload bytes into a `v4.public` token (PASETO v4 `Sign`).
    ///
    /// Most code should use ``Issuer``, which encodes claims; this is the message-level operation underneath it.
    ///
    /// - Parameters:
    ///   - payload: The payload; it is readable by anyone who holds the token.
    ///   - key: The Ed25519 secret key.
    ///   - footer: Authenticated bytes appended to the token.
    ///   - implicitAssertion: Authenticated bytes that are not stored in the token; the verifier must supply them.
    /// - Returns: The token.
    /// - Throws: `TesseraError.Code.malformedToken` for an empty payload.
    public static func sign(
        _ payload: some DataProtocol,
        using key: SecretKey,
        footer: some DataProtocol = [UInt8](),
        implicitAssertion: some DataProtocol = [UInt8]()
    ) throws(TesseraError) -> String {
        let payload = Array(payload)
        let footer = Array(footer)
        guard !payload.isEmpty else { throw TesseraError(.malformedToken, "a PASETO payload cannot be empty") }
        let message = PAE.encode([headerBytes[...], payload[...], footer[...], Array(implicitAssertion)[...]])
        let signature = try key.withUnsafeBytes { secret throws(TesseraError) in
            try withBytes(message) { bytes throws(TesseraError) in try Sodium.ed25519Sign(bytes, secretKey: secret) }
        }
        return TokenParts.serialize(header: header, body: payload + signature, footer: footer)
    }

    /// Verifies a `v4.public` token (PASETO v4 `Verify`): header and structure are checked before the signature.
    ///
    /// Most code should use ``Verifier``, which also decodes and validates the claims.
    ///
    /// - Parameters:
    ///   - token: The untrusted token.
    ///   - key: The Ed25519 public key.
    ///   - expectedFooter: If given, the token's footer must equal it (compared in constant time).
    ///   - implicitAssertion: The implicit assertion the token was made with.
    /// - Returns: The payload and footer.
    /// - Throws: `TesseraError.Code.wrongHeader` for any other header, `TesseraError.Code.malformedToken` or
    ///   `TesseraError.Code.invalidBase64URL` for a malformed token, `TesseraError.Code.footerMismatch`, or
    ///   `TesseraError.Code.authenticationFailed` when the signature does not verify.
    public static func verify(
        _ token: String,
        using key: PublicKey,
        expectedFooter: [UInt8]? = nil,
        implicitAssertion: some DataProtocol = [UInt8]()
    ) throws(TesseraError) -> Message {
        let parts = try TokenParts.parse(
            token,
            header: header,
            minimumBody: Sodium.ed25519SignatureLength,
            maximumLength: .max
        )
        return try verify(
            parts,
            using: key,
            expectedFooter: expectedFooter,
            implicitAssertion: Array(implicitAssertion)
        )
    }

    static func verify(
        _ parts: TokenParts,
        using key: PublicKey,
        expectedFooter: [UInt8]?,
        implicitAssertion: [UInt8]
    ) throws(TesseraError) -> Message {
        if let expectedFooter, !Sodium.constantTimeEqual(expectedFooter, parts.footer) {
            throw TesseraError(.footerMismatch, "the token's footer is not the expected footer")
        }
        let body = parts.body
        let split = body.count - Sodium.ed25519SignatureLength
        let payload = body[..<split]
        let message = PAE.encode([headerBytes[...], payload, parts.footer[...], implicitAssertion[...]])
        let valid = try withBytes(body[split...]) { signature throws(TesseraError) in
            try withBytes(message) { bytes throws(TesseraError) in
                try withBytes(key.rawRepresentation) { publicKey throws(TesseraError) in
                    try Sodium.ed25519Verify(signature, message: bytes, publicKey: publicKey)
                }
            }
        }
        guard valid else {
            throw TesseraError(.authenticationFailed, "the v4.public signature does not verify under this key")
        }
        return Message(payload: Array(payload), footer: parts.footer)
    }
}
