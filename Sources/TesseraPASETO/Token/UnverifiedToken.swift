public import TesseraCore
import TesseraSodium

extension PASETO {
    /// A PASETO token's parts read **without** verification, for inspection and for choosing a key by `kid`.
    ///
    /// - Warning: Nothing here is authenticated. Use the footer only to pick a key, and never act on the payload.
    public struct UnverifiedToken: Sendable {
        /// The token's format (`v4.local` or `v4.public`).
        public let format: TokenFormat
        /// The footer bytes; empty when absent.
        public let footer: [UInt8]
        /// For `v4.public`, the payload bytes (signature not checked); `nil` for the encrypted `v4.local`.
        public let payload: [UInt8]?

        /// Splits a `v4.local` or `v4.public` token without checking its tag or signature.
        ///
        /// - Parameter token: The token.
        /// - Throws: `TesseraError.Code.wrongHeader` for other headers; structure and base64url errors.
        public init(unverified token: String) throws(TesseraError) {
            if token.utf8.starts(with: V4.Public.header.utf8) {
                let parts = try TokenParts.parse(
                    token,
                    header: V4.Public.header,
                    minimumBody: Sodium.ed25519SignatureLength,
                    maximumLength: .max
                )
                format = .pasetoV4Public
                footer = parts.footer
                payload = Array(parts.body.dropLast(Sodium.ed25519SignatureLength))
            } else {
                let parts = try TokenParts.parse(
                    token,
                    header: V4.Local.header,
                    minimumBody: V4.Local.nonceLength + V4.Local.tagLength,
                    maximumLength: .max
                )
                format = .pasetoV4Local
                footer = parts.footer
                payload = nil
            }
        }
    }
}
