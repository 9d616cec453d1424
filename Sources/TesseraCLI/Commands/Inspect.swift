import ArgumentParser
import Foundation
import TesseraCore
import TesseraPASETO

/// `tessera inspect`: what a token says about itself, without verifying anything.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a token's header, footer and readable payload, all UNVERIFIED."
    )

    @Argument(help: "The token, or - to read it from standard input.")
    var token: String

    func run() throws {
        let token = try Inputs.token(token)
        if token.hasPrefix("v4.") {
            try inspectPASETO(token)
        } else {
            try inspectJWS(token)
        }
    }

    private func inspectPASETO(_ token: String) throws {
        let parts: PASETO.UnverifiedToken
        do {
            parts = try PASETO.UnverifiedToken(unverified: token)
        } catch {
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

    private func inspectJWS(_ token: String) throws {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, let header = try? Base64URL.decode(segments[0]),
            let payload = try? Base64URL.decode(segments[1])
        else { throw CLIError.unusable("cannot inspect: not a PASETO v4 token or a compact JWS") }
        print("header (UNVERIFIED): \(String(decoding: header, as: UTF8.self))")
        print("payload (UNVERIFIED, signature not checked): \(String(decoding: payload, as: UTF8.self))")
    }
}
