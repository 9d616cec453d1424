import ArgumentParser
import Foundation
import TesseraCore
import TesseraPASETO

/// `tessera issue`: claims in, token out.
struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue a token: v4.local for a k4.local key, v4.public for a k4.secret key.",
        discussion: "iat is set to now and exp to now + --expires-in unless the claims set them."
    )

    @Option(help: "A k4.local or k4.secret PASERK, or a file holding one.")
    var key: String

    @Option(help: "The claims as a JSON object, or @FILE.")
    var claims: String = "{}"

    @Option(help: "The footer (authenticated, readable by anyone).")
    var footer: String?

    @Option(help: "An implicit assertion the verifier must supply.")
    var implicit: String?

    @Option(name: .customLong("expires-in"), help: "Lifetime when the claims have no exp, e.g. 15m, 1h.")
    var expiresIn: String = "15m"

    @Option(help: "Use this instant (RFC 3339 or Unix seconds) instead of the clock.")
    var now: String?

    func run() throws {
        let key = try PASETOKey(paserk: Inputs.keyText(key))
        let clock = try now.map { text throws(CLIError) in TokenClock.fixed(try Inputs.instant(text)) } ?? .system
        let defaults = IssuingDefaults(lifetime: try Inputs.duration(expiresIn, option: "--expires-in"), clock: clock)
        let issuer = try key.issuer(
            footer: Array((footer ?? "").utf8),
            implicitAssertion: Array((implicit ?? "").utf8),
            defaults: defaults
        )
        do {
            let claims = try ClaimsCodec.paseto.decode(Inputs.claimsJSON(self.claims))
            print(try issuer.issue(claims))
        } catch let error as CLIError {
            throw error
        } catch let error as TesseraError {
            throw CLIError.unusable("unusable claims: \(error.reason)")
        }
    }
}
