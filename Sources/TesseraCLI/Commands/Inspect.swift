import ArgumentParser
import Foundation
import TesseraCore
import TesseraPASETO

/// `tessera inspect`: what a token says about itself, without verifying anything.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a token's header, footer and readable payload, all UNVERIFIED.",
        discussion: "Control and other non-printing characters are shown escaped (\\n, \\u{1B}), one line per part."
    )

    @Argument(help: "The token, or - to read it from standard input.")
    var token: String

    func run() throws {
        let token = try Inputs.token(token)
        if token.utf8.starts(with: "v4.".utf8) {
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
        print("footer (UNVERIFIED): \(parts.footer.isEmpty ? "(none)" : Self.shown(parts.footer))")
        if let payload = parts.payload {
            print("payload (UNVERIFIED, signature not checked): \(Self.shown(payload))")
        } else {
            print("payload: (encrypted; verify with the k4.local key to read it)")
        }
    }

    private func inspectJWS(_ token: String) throws {
        let segments = token.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 3, let header = try? Base64URL.decode(segments[0]),
            let payload = try? Base64URL.decode(segments[1])
        else { throw CLIError.unusable("cannot inspect: not a PASETO v4 token or a compact JWS") }
        print("header (UNVERIFIED): \(Self.shown(header))")
        print("payload (UNVERIFIED, signature not checked): \(Self.shown(payload))")
    }

    /// Untrusted bytes as one printable line: invalid UTF-8 becomes U+FFFD, control characters are escaped.
    private static func shown(_ bytes: [UInt8]) -> String {
        TesseraError.escaped(String(decoding: bytes, as: UTF8.self))
    }
}
