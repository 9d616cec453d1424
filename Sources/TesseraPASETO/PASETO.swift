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

extension TokenFormat {
    /// PASETO `v4.local`.
    public static let pasetoV4Local = TokenFormat("v4.local")
    /// PASETO `v4.public`.
    public static let pasetoV4Public = TokenFormat("v4.public")
}
