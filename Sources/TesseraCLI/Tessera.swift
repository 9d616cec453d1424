import ArgumentParser
import Foundation
import TesseraCore

/// `tessera`: issue, verify and inspect version-locked tokens from the command line.
@main
struct Tessera: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tessera",
        abstract: "Issue, verify, inspect and migrate PASETO v4 and JWS/JWT tokens.",
        subcommands: [
            Keygen.self, Issue.self, Verify.self, Inspect.self, Key.self, Migrate.self, Compare.self, Revoke.self,
            Sessions.self,
        ]
    )

    /// Runs the command line with the exit-code contract: 0 valid, 1 rejected, other non-zero for unusable input,
    /// and one line on standard error for every failure.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            FileHandle.standardError.write(Data((error.message + "\n").utf8))
            Foundation.exit(error.exitCode)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let line = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            FileHandle.standardError.write(Data("error: \(TesseraError.escaped(line))\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
