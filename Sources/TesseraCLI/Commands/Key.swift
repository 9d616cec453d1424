import ArgumentParser
import TesseraCore
import TesseraJWS
import TesseraPASETO

/// `tessera key id|public KEY`: facts about a key.
struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a key's id or public key.",
        subcommands: [ID.self, Public.self]
    )

    /// `tessera key id KEY`.
    struct ID: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "id",
            abstract: "Print the key's id: its PASERK id (k4.lid, k4.sid, k4.pid), or a JWS key's kid."
        )

        @Argument(help: "A PASERK, or a file holding a PASERK, JWK or PEM.")
        var key: String

        @Option(help: "The JWS algorithm, for PEM keys or JWKs without alg.")
        var alg: String?

        func run() throws {
            switch try CLIKey(key, algorithm: alg) {
            case .paseto(let key): print(key.id)
            case .jws(.signing(let key)): print(TesseraError.escaped(key.keyID ?? ""))
            case .jws(.verification(let key)): print(TesseraError.escaped(key.keyID ?? ""))
            case .jws(.set(let set)): print(set.ids.map(TesseraError.escaped).joined(separator: "\n"))
            }
        }
    }

    /// `tessera key public KEY`.
    struct Public: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "public",
            abstract: "Print the public key of a private key: k4.public for k4.secret, a public JWK for a JWS key."
        )

        @Argument(help: "A k4.secret PASERK, or a file holding one, or a private JWK or PEM.")
        var key: String

        @Option(help: "The JWS algorithm, for PEM keys or JWKs without alg.")
        var alg: String?

        func run() throws {
            switch try CLIKey(key, algorithm: alg) {
            case .paseto(.secret(let secret)): print(secret.publicKey.paserk)
            case .paseto(.public(let publicKey)): print(publicKey.paserk)
            case .paseto(.local): throw CLIError.unusable("a k4.local key has no public key")
            case .jws(.signing(let key)) where key.algorithm.name.hasPrefix("HS"):
                throw CLIError.unusable("an HMAC key has no public key")
            case .jws(.signing(let key)): print(try Self.publicJWK(key).text)
            case .jws(.verification(let key)): print(try key.jwk().text)
            case .jws(.set): throw CLIError.unusable("a JWKS is already public")
            }
        }

        private static func publicJWK(_ key: some JWSSigningKey) throws -> JSONObject {
            try key.verificationKey.jwk()
        }
    }
}
