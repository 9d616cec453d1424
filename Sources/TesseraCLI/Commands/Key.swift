import ArgumentParser
import TesseraPASETO

/// `tessera key id|public KEY`: facts about a key.
struct Key: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a key's PASERK id or public key.",
        subcommands: [ID.self, Public.self]
    )

    /// `tessera key id KEY`.
    struct ID: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "id",
            abstract: "Print the key's PASERK id (k4.lid, k4.sid or k4.pid), safe to publish as a kid."
        )

        @Argument(help: "A PASERK, or a file holding one.")
        var key: String

        func run() throws {
            print(try PASETOKey(paserk: Inputs.keyText(key)).id)
        }
    }

    /// `tessera key public KEY`.
    struct Public: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "public",
            abstract: "Print the k4.public PASERK of a k4.secret key."
        )

        @Argument(help: "A k4.secret PASERK, or a file holding one.")
        var key: String

        func run() throws {
            switch try PASETOKey(paserk: Inputs.keyText(key)) {
            case .secret(let secret): print(secret.publicKey.paserk)
            case .public(let publicKey): print(publicKey.paserk)
            case .local: throw CLIError.unusable("a k4.local key has no public key")
            }
        }
    }
}
