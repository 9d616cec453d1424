import ArgumentParser
import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO

/// `tessera issue`: claims in, token out.
struct Issue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue a token: v4.local (k4.local), v4.public (k4.secret), or a JWT (private JWK or PEM).",
        discussion: "iat is set to now and exp to now + --expires-in unless the claims set them."
    )

    @Option(help: "A k4.local or k4.secret PASERK, a private JWK or PEM: a file, - (standard input) or env:NAME.")
    var key: String

    @Option(help: "The claims as a JSON object, or @FILE.")
    var claims: String = "{}"

    @Option(help: "The footer (PASETO; authenticated, readable by anyone).")
    var footer: String?

    @Option(help: "An implicit assertion the verifier must supply (PASETO).")
    var implicit: String?

    @Option(help: "The JWS algorithm, for PEM keys or JWKs without alg.")
    var alg: String?

    @Option(help: "The JWT typ header (default JWT).")
    var typ: String = "JWT"

    @Option(name: .customLong("expires-in"), help: "Lifetime when the claims have no exp, e.g. 15m, 1h.")
    var expiresIn: String = "15m"

    @Option(help: "Use this instant (RFC 3339 or Unix seconds) instead of the clock.")
    var now: String?

    func run() throws {
        let key = try CLIKey(key, algorithm: alg)
        let clock = try now.map { text throws(CLIError) in TokenClock.fixed(try Inputs.instant(text)) } ?? .system
        let defaults = IssuingDefaults(lifetime: try Inputs.duration(expiresIn, option: "--expires-in"), clock: clock)
        let issuer: any TokenIssuer
        let codec: ClaimsCodec
        switch key {
        case .paseto(let key):
            issuer = try key.issuer(
                footer: Array((footer ?? "").utf8),
                implicitAssertion: Array((implicit ?? "").utf8),
                defaults: defaults
            )
            codec = .paseto
        case .jws(let key):
            guard footer == nil, implicit == nil else {
                throw CLIError.unusable("--footer and --implicit are PASETO features; JWS has neither")
            }
            issuer = try key.signer(defaults: defaults, type: typ)
            codec = .jwt
        }
        do {
            let claims = try codec.decode(Inputs.claimsJSON(self.claims))
            print(try issuer.issue(claims))
        } catch let error as CLIError {
            throw error
        } catch let error as TesseraError {
            throw CLIError.unusable("unusable claims: \(error.reason)")
        }
    }
}
