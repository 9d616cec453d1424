import ArgumentParser
import Foundation
import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO

/// `tessera migrate`: a legacy JWT in, a PASETO v4 token out.
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Verify a legacy JWT and print a PASETO v4 token carrying its mapped claims.",
        discussion: """
            The JWT is verified exactly as 'tessera verify' would with --jwt-key, --alg, --jwt-issuer, --jwt-audience \
            and --jwt-typ. The output purpose follows --paseto-key (k4.local or k4.secret); its footer kid is that key's \
            PASERK id. Exit 0: token printed. Exit 1: the JWT was rejected. Other non-zero: unusable input.
            """
    )

    @Option(name: .customLong("jwt-key"), help: "The JWT verification key: a file with a JWK, JWKS or PEM key.")
    var jwtKey: String

    @Option(help: "Pin the JWS algorithm where the key carries none; must agree where it does.")
    var alg: String?

    @Option(name: .customLong("jwt-issuer"), help: "The iss the JWT must carry.")
    var jwtIssuer: String?

    @Option(
        name: .customLong("jwt-audience"),
        help: "An audience the JWT's aud must contain; kept as the only audience."
    )
    var jwtAudience: String?

    @Option(name: .customLong("jwt-typ"), help: "The typ header the JWT must carry.")
    var jwtType: String?

    @Option(name: .customLong("paseto-key"), help: "A k4.local or k4.secret PASERK, or a file holding one.")
    var pasetoKey: String

    @Option(help: "Rewrite iss in the output (default: kept).")
    var issuer: String?

    @Option(help: "Rewrite aud in the output (default: kept).")
    var audience: String?

    @Option(name: .customLong("max-lifetime"), help: "Cap the output's exp at now + this, e.g. 5m.")
    var maxLifetime: String = "15m"

    @Option(help: "Use this instant (RFC 3339 or Unix seconds) instead of the clock.")
    var now: String?

    @Argument(help: "The JWT, or - to read it from standard input.")
    var token: String

    func run() throws {
        guard case .jws(let legacyKey) = try CLIKey(jwtKey, algorithm: alg) else {
            throw CLIError.unusable("--jwt-key must be a JWK, JWKS or PEM key, not a PASERK")
        }
        let target: Migration.Target
        switch try CLIKey(pasetoKey, algorithm: nil) {
        case .paseto(.local(let key)): target = .local(key)
        case .paseto(.secret(let key)): target = .public(key)
        default: throw CLIError.unusable("--paseto-key must be a k4.local or k4.secret PASERK")
        }
        let clock = try now.map { text throws(CLIError) in TokenClock.fixed(try Inputs.instant(text)) } ?? .system
        if issuer != nil, jwtIssuer == nil {
            throw CLIError.unusable(
                "--issuer rewrites iss, so --jwt-issuer must name the legacy issuer to require first"
            )
        }
        if audience != nil, jwtAudience == nil {
            throw CLIError.unusable(
                "--audience rewrites aud, so --jwt-audience must name the legacy audience to require first"
            )
        }
        let rules = ValidationRules(issuer: jwtIssuer, audience: jwtAudience, clock: clock)
        let lifetime = try Inputs.duration(maxLifetime, option: "--max-lifetime")
        let migrator = try CLIError.configuring {
            try Migration.Migrator(
                verifier: legacyKey.verifier(rules: rules, settings: JWS.VerificationSettings(requiredType: jwtType)),
                target: target,
                mapping: try Migration.ClaimMapping(
                    issuer: issuer,
                    audience: audience,
                    audiencePolicy: jwtAudience.map { .keepMatching($0) } ?? .refuse,
                    maximumLifetime: lifetime
                ),
                window: Migration.Window(clock: clock)
            )
        }
        let jwt = try Inputs.token(token)
        do {
            print(try migrator.migrate(jwt))
        } catch {
            throw CLIError.rejected(error)
        }
    }
}
