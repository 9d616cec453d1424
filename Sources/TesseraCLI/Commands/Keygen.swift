import ArgumentParser
import TesseraPASETO

/// `tessera keygen v4.local|v4.public`: a new key as a PASERK.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a key and print it as a PASERK (k4.local or k4.secret).",
        discussion: "For v4.public the secret key is printed; derive the public key with 'tessera key public'."
    )

    @Argument(help: "The format: v4.local or v4.public.")
    var format: String

    func run() throws {
        do {
            switch format {
            case "v4.local": print(try PASETO.V4.Local.SymmetricKey().paserk)
            case "v4.public": print(try PASETO.V4.Public.SecretKey().paserk)
            default: throw CLIError.unusable("unknown format \"\(format)\"; use v4.local or v4.public")
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError.unusable("key generation failed: \(error)")
        }
    }
}
