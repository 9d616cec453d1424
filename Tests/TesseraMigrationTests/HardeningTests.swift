import Foundation
import Synchronization
import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO
import TesseraTestSupport
import Testing

/// Regression tests for issue 7, part A, in the migration adapter: each failed before its fix. Expected claims are
/// written out by hand, never computed with `ClaimMapping`.
@Suite("Hardening: migration")
struct MigrationHardeningTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let legacyKey = try! JWS.HMACKey(algorithm: .hs256, secret: [UInt8](repeating: 9, count: 32))
    static let pasetoKey = try! PASETO.V4.Public.SecretKey()
    /// A legacy verifier with no audience rule, as the README's snippet had it.
    static let legacyVerifier = JWS.Verifier(key: legacyKey, rules: ValidationRules(clock: .fixed(now)))
    static let pasetoVerifier = PASETO.V4.Public.Verifier(
        key: pasetoKey.publicKey,
        rules: ValidationRules(clock: .fixed(now))
    )

    /// A JWT with exactly this payload text.
    static func jwt(_ payload: String) throws -> String {
        let input = Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return input + "." + Base64URL.encode(try legacyKey.signature(for: Array(input.utf8)))
    }

    static func migrator(
        _ mapping: Migration.ClaimMapping,
        verifier: JWS.Verifier = legacyVerifier
    ) throws
        -> Migration.Migrator
    {
        try Migration.Migrator(
            verifier: verifier,
            target: .public(pasetoKey),
            mapping: mapping,
            window: Migration.Window()
        )
    }

    @Test(
        "A1: keepMatching checks every shape of aud: a string, a one-element array, a missing aud",
        arguments: [
            #"{"sub":"alice","aud":"other-service","exp":1900000600}"#,
            #"{"sub":"alice","aud":["other-service"],"exp":1900000600}"#,
            #"{"sub":"alice","exp":1900000600}"#,
            #"{"sub":"alice","aud":[],"exp":1900000600}"#,
        ]
    )
    func keepMatchingEveryShape(payload: String) throws {
        let mapping = Migration.ClaimMapping(audience: "new-api", audiencePolicy: .keepMatching("api"))
        let code = errorCode { try Self.migrator(mapping).migrate(Self.jwt(payload)) }
        #expect(code == .audienceMismatch, "\(payload)")
    }

    @Test("A1: keepMatching accepts the matching audience in a string or an array, and writes the rewrite")
    func keepMatchingAccepts() throws {
        let mapping = Migration.ClaimMapping(audience: "new-api", audiencePolicy: .keepMatching("api"))
        for payload in [
            #"{"sub":"alice","aud":"api","exp":1900000600}"#, #"{"sub":"alice","aud":["x","api"],"exp":1900000600}"#,
        ] {
            let token = try Self.migrator(mapping).migrate(Self.jwt(payload))
            #expect(try Self.pasetoVerifier.verify(token).claims.audience == "new-api")
        }
    }

    @Test("A1: an audience rewrite without a checked legacy audience is refused as a configuration error")
    func rewriteNeedsACheckedAudience() throws {
        let unchecked = Migration.ClaimMapping(audience: "new-api")
        #expect(errorCode { try Self.migrator(unchecked) } == .invalidConfiguration)
        // Checked by the legacy verifier's rules: allowed.
        let checking = JWS.Verifier(
            key: Self.legacyKey,
            rules: ValidationRules(audience: "api", clock: .fixed(Self.now))
        )
        let token = try Self.migrator(unchecked, verifier: checking).migrate(
            Self.jwt(#"{"sub":"alice","aud":"api","exp":1900000600}"#)
        )
        #expect(try Self.pasetoVerifier.verify(token).claims.audience == "new-api")
        #expect(
            errorCode {
                try Self.migrator(unchecked, verifier: checking).migrate(
                    Self.jwt(#"{"sub":"alice","aud":"other","exp":1900000600}"#)
                )
            } == .audienceMismatch
        )
    }

    @Test("A5: a migrated token is never valid earlier than its JWT: a fractional nbf is rounded up")
    func notBeforeRoundsUp() throws {
        let token = try Self.migrator(.init()).migrate(
            Self.jwt(#"{"sub":"alice","nbf":1899999999.25,"exp":1900000600}"#)
        )
        let payload = String(decoding: try Self.pasetoVerifier.verify(token).payload, as: UTF8.self)
        // 1_900_000_000 is 2030-03-17T17:46:40Z; the JWT is valid from 17:46:39.25, so not before 17:46:40.
        #expect(payload.contains(#""nbf":"2030-03-17T17:46:40Z""#), "\(payload)")
    }

    @Test("A5: a JWT accepted within the leeway after its exp is not exchanged for an already expired token")
    func neverAlreadyExpired() throws {
        let lenient = JWS.Verifier(key: Self.legacyKey, rules: try ValidationRules(leeway: 60, clock: .fixed(Self.now)))
        let jwt = try Self.jwt(#"{"sub":"alice","exp":1899999990}"#)
        #expect(errorCode { try Self.migrator(.init(), verifier: lenient).migrate(jwt) } == .expired)
        // A fractional exp that floors to now would also be expired on arrival.
        let fraction = try Self.jwt(#"{"sub":"alice","exp":1900000000.5}"#)
        #expect(errorCode { try Self.migrator(.init(), verifier: lenient).migrate(fraction) } == .expired)
    }

    @Test("A4: a non-finite, negative or zero maximum lifetime is refused where it is set")
    func lifetimeIsChecked() {
        for bad in [Double.nan, .infinity, -.infinity, -1, 0] {
            #expect(errorCode { try Migration.ClaimMapping(maximumLifetime: bad) } == .invalidConfiguration, "\(bad)")
        }
    }

    @Test("A5: one cut-off for the dual verifier and the migrator; exchanges counted in the same metrics")
    func sharedCutoff() throws {
        let cutoff = Self.now.addingTimeInterval(10)
        let clock = SettableClock(Self.now)
        let window = try Migration.Window(jwtCutoff: cutoff, clock: clock.clock)
        let gate = Migration.DualVerifier(paseto: Self.pasetoVerifier, legacy: Self.legacyVerifier, window: window)
        let migrator = try Migration.Migrator(
            verifier: Self.legacyVerifier,
            target: .public(Self.pasetoKey),
            window: gate.window
        )
        let jwt = try Self.jwt(#"{"sub":"alice","exp":1900000600}"#)
        _ = try migrator.migrate(jwt)
        _ = try gate.verify(jwt)
        clock.set(cutoff)
        #expect(errorCode { try migrator.migrate(jwt) } == .formatRetired)
        #expect(errorCode { try gate.verify(jwt) } == .formatRetired)
        #expect(gate.counts == Migration.Counts(paseto: 0, legacyJWT: 1, refused: 2, exchanged: 1))
        #expect(window.counts == gate.counts)
    }

    @Test("review M2: issue(for:) re-checks the verifier's rules, so claims verified elsewhere are not relabelled")
    func issueForRechecksRules() throws {
        let checking = JWS.Verifier(
            key: Self.legacyKey,
            rules: ValidationRules(audience: "api", clock: .fixed(Self.now))
        )
        let migrator = try Self.migrator(Migration.ClaimMapping(audience: "new-api"), verifier: checking)
        let foreign = Claims(subject: "alice", audience: "other", expiration: Self.now.addingTimeInterval(60))
        #expect(errorCode { try migrator.issue(for: foreign) } == .audienceMismatch)
        var accepted = foreign
        accepted.audience = "api"
        #expect(try Self.pasetoVerifier.verify(migrator.issue(for: accepted)).claims.audience == "new-api")
    }

    @Test("review M5: an issuer rewrite needs an issuer rule on the legacy verifier")
    func issuerRewriteNeedsACheckedIssuer() throws {
        #expect(errorCode { try Self.migrator(Migration.ClaimMapping(issuer: "https://new")) } == .invalidConfiguration)
        let checking = JWS.Verifier(key: Self.legacyKey, rules: ValidationRules(issuer: "old", clock: .fixed(Self.now)))
        let token = try Self.migrator(Migration.ClaimMapping(issuer: "https://new"), verifier: checking).migrate(
            Self.jwt(#"{"iss":"old","sub":"alice","exp":1900000600}"#)
        )
        #expect(try Self.pasetoVerifier.verify(token).claims.issuer == "https://new")
    }

    @Test("review M4: a NaN instant, cut-off or lifetime fails closed instead of switching checks off")
    func nonFiniteInstants() throws {
        let nan = Date(timeIntervalSince1970: .nan)
        let claims = Claims(subject: "alice", expiration: Self.now.addingTimeInterval(-60))
        #expect(errorCode { try ValidationRules().validate(claims, now: nan) } == .invalidConfiguration)
        #expect(errorCode { try ValidationRules(clock: .fixed(nan)).validate(claims) } == .invalidConfiguration)
        #expect(errorCode { try Migration.Window(jwtCutoff: nan) } == .invalidConfiguration)
        let window = try Migration.Window(jwtCutoff: Self.now, clock: .fixed(nan))
        #expect(window.isJWTRetired)
        for lifetime in [Double.nan, -60, 0] {
            let issuer = PASETO.V4.Public.Issuer(
                key: Self.pasetoKey,
                defaults: IssuingDefaults(lifetime: lifetime, clock: .fixed(Self.now))
            )
            #expect(errorCode { try issuer.issue(Claims(subject: "alice")) } == .invalidConfiguration, "\(lifetime)")
        }
        #expect(errorCode { try ValidationRules(leeway: 86_401) } == .invalidConfiguration)
        #expect(try ValidationRules(leeway: 86_400).leeway == 86_400)
    }
}

/// A clock a test moves by hand.
final class SettableClock: Sendable {
    private let now: Mutex<Date>

    init(_ date: Date) { now = Mutex(date) }

    /// Moves the clock.
    func set(_ date: Date) { now.withLock { $0 = date } }

    /// A `TokenClock` reading this one.
    var clock: TokenClock { TokenClock { self.now.withLock { $0 } } }
}
