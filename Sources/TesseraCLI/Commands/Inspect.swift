import ArgumentParser
import Foundation
import TesseraCore
import TesseraPASETO

/// `tessera inspect`: what a token says about itself, without verifying anything.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a token's header and footer, and a v4.public payload, all UNVERIFIED."
    )

    @Argument(help: "The token, or - to read it from standard input.")
    var token: String

    func run() throws {
        let parts: PASETO.UnverifiedToken
        do {
            parts = try PASETO.UnverifiedToken(unverified: Inputs.token(token))
        } catch let error as TesseraError {
            throw CLIError.unusable("cannot inspect: \(error.reason)")
        }
        print("header: \(parts.format)")
        print("footer (UNVERIFIED): \(parts.footer.isEmpty ? "(none)" : String(decoding: parts.footer, as: UTF8.self))")
        if let payload = parts.payload {
            print("payload (UNVERIFIED, signature not checked): \(String(decoding: payload, as: UTF8.self))")
        } else {
            print("payload: (encrypted; verify with the k4.local key to read it)")
        }
    }
}
