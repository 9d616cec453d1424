public import TesseraCore

/// PASETO: Platform-Agnostic SEcurity TOkens, version 4 only.
///
/// Every key type is bound to one version and purpose, so a `v4.local` key cannot be handed to a `v4.public`
/// operation: the compiler refuses it. Tokens are checked against the key's header before any cryptography runs.
public enum PASETO: Sendable {
    /// PASETO version 4: `v4.local` (XChaCha20 + BLAKE2b) and `v4.public` (Ed25519), both through libsodium.
    public enum V4: Sendable {
        /// `v4.local`: symmetric authenticated encryption.
        public enum Local: Sendable {}
        /// `v4.public`: Ed25519 signatures; the payload is readable by anyone.
        public enum Public: Sendable {}
    }
}

extension PASETO {
    /// A message whose tag or signature verified: the payload (decrypted for `v4.local`) and the authenticated,
    /// never encrypted, footer.
    public struct Message: Sendable, Hashable {
        /// The payload bytes.
        public let payload: [UInt8]
        /// The footer bytes; empty when the token has none.
        public let footer: [UInt8]
    }
}

extension TokenFormat {
    /// PASETO `v4.local`.
    public static let pasetoV4Local = TokenFormat("v4.local")
    /// PASETO `v4.public`.
    public static let pasetoV4Public = TokenFormat("v4.public")
}
