import ArgumentParser
import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO
import TesseraSessions

/// `tessera verify`: the contract scripts rely on.
///
/// Valid: exit 0 and the payload bytes exactly as in the token, then a newline. Rejected: exit 1 and one line
/// `rejected: <reason>` on standard error. Unusable arguments or key: another non-zero exit and one line.
struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify a PASETO or JWS token and print its payload exactly as it was in the token.",
        discussion: "Exit 0: valid. Exit 1: rejected (reason on stderr). Other non-zero: unusable input."
    )

    @Option(
        help: "A k4.local, k4.public or k4.secret PASERK, a JWK, a JWKS or a PEM key: literal, a file, - or env:NAME."
    )
    var key: String

    @Option(help: "Pin the JWS algorithm where the key carries none; must agree where it does.")
    var alg: String?

    @Option(help: "Require this JWT typ header (case-insensitive), e.g. at+jwt.")
    var typ: String?

    @Option(name: .customLong("min-rsa-bits"), help: "Refuse RSA keys smaller than this (never below 2048).")
    var minimumRSABits: Int = JWS.minimumRSABits

    @Option(help: "Require the token's footer to equal this.")
    var footer: String?

    @Option(help: "The implicit assertion the token was made with.")
    var implicit: String?

    @Option(help: "Require this iss.")
    var issuer: String?

    @Option(help: "Require aud to contain this.")
    var audience: String?

    @Option(help: "Require this sub.")
    var subject: String?

    @Option(name: .customLong("require"), help: "Require this claim to be present (repeatable).")
    var required: [String] = []

    @Option(help: "Tolerated clock skew, e.g. 30s.")
    var leeway: String = "0"

    @Option(help: "Validate at this instant (RFC 3339 or Unix seconds) instead of the clock.")
    var now: String?

    @Flag(name: .customLong("allow-no-exp"), help: "Accept tokens without exp.")
    var allowNoExp = false

    @Option(
        help: "Also refuse revoked tokens, read from this session store: sqlite:PATH or postgres://USER@HOST:PORT/DB."
    )
    var store: String?

    @Argument(help: "The token, or - to read it from standard input.")
    var token: String

    func run() async throws {
        let key = try CLIKey(key, algorithm: alg, minimumRSABits: minimumRSABits)
        let clock = try now.map { text throws(CLIError) in TokenClock.fixed(try Inputs.instant(text)) } ?? .system
        let rules = try CLIError.configuring {
            try ValidationRules(
                issuer: issuer,
                audience: audience,
                subject: subject,
                requiredClaims: Set(required),
                requiresExpiration: !allowNoExp,
                leeway: try Inputs.duration(leeway, option: "--leeway"),
                clock: clock
            )
        }
        let verifier: any TokenVerifier
        switch key {
        case .paseto(let key):
            guard typ == nil else { throw CLIError.unusable("--typ applies to JWS tokens") }
            let settings = PASETO.VerificationSettings(
                expectedFooter: footer.map { Array($0.utf8) },
                implicitAssertion: Array((implicit ?? "").utf8)
            )
            verifier = key.verifier(rules: rules, settings: settings)
        case .jws(let key):
            guard footer == nil, implicit == nil else {
                throw CLIError.unusable("--footer and --implicit are PASETO features; JWS has neither")
            }
            verifier = key.verifier(rules: rules, settings: JWS.VerificationSettings(requiredType: typ))
        }
        let token = try Inputs.token(token)
        let verified: VerifiedToken
        if let store {
            verified = try await CLIStore.with(store) { store in
                let monitor = try CLIError.configuring {
                    try RevocationMonitor(store: store, stalenessBound: 60, clock: clock)
                }
                try await CLIStore.unusableOnFailure { () async throws(TesseraError) in try await monitor.refresh() }
                return try Self.verify(token, with: Self.checking(verifier, monitor))
            }
        } else {
            verified = try Self.verify(token, with: verifier)
        }
        FileHandle.standardOutput.write(Data(verified.payload + [0x0A]))
    }

    private static func checking(_ verifier: some TokenVerifier, _ monitor: RevocationMonitor) -> any TokenVerifier {
        verifier.checkingRevocation(monitor)
    }

    private static func verify(_ token: String, with verifier: some TokenVerifier) throws(CLIError) -> VerifiedToken {
        do {
            return try verifier.verify(token)
        } catch {
            throw CLIError.rejected(error)
        }
    }
}
