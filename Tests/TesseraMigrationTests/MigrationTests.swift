import Foundation
import Synchronization
import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO
import TesseraTestSupport
import Testing

@Suite("JWT to PASETO migration")
struct MigrationTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let legacyKey = try! JWS.HMACKey.generate(algorithm: .hs256)
    static let pasetoKey = try! PASETO.V4.Public.SecretKey()
    static let legacySigner = JWS.Signer(key: legacyKey, defaults: IssuingDefaults(lifetime: 3600, clock: .fixed(now)))
    static let legacyVerifier = JWS.Verifier(key: legacyKey, rules: ValidationRules(issuer: "old", clock: .fixed(now)))
    static let pasetoVerifier = PASETO.V4.Public.Verifier(
        keys: try! PASETO.KeyRing([pasetoKey.publicKey]),
        rules: ValidationRules(clock: .fixed(now))
    )

    func migrator(_ mapping: Migration.ClaimMapping = .init()) throws -> Migration.Migrator {
        try Migration.Migrator(
            verifier: Self.legacyVerifier,
            target: .public(Self.pasetoKey),
            mapping: mapping,
            window: Migration.Window()
        )
    }

    @Test("a valid JWT becomes a v4.public token with mapped claims and the PASETO key's id as kid")
    func migrates() throws {
        var claims = Claims(issuer: "old", subject: "alice", audience: "api", tokenID: "t-1")
        claims.custom["scope"] = "read"
        claims.custom["internal"] = true
        let jwt = try Self.legacySigner.issue(claims)
        let mapping = try Migration.ClaimMapping(issuer: "new", maximumLifetime: 300, deniedCustomClaims: ["internal"])
        let paseto = try migrator(mapping).migrate(jwt)
        #expect(paseto.hasPrefix("v4.public."))
        let verified = try Self.pasetoVerifier.verify(paseto)
        #expect(verified.keyID == Self.pasetoKey.publicKey.id)
        #expect(verified.claims.issuer == "new")
        #expect(verified.claims.subject == "alice")
        #expect(verified.claims.audience == "api")
        #expect(verified.claims.tokenID == "t-1")
        #expect(verified.claims.issuedAt == Self.now)
        #expect(verified.claims.expiration == Self.now.addingTimeInterval(300))
        #expect(verified.claims.custom == ["scope": "read"])
        #expect(String(decoding: verified.payload, as: UTF8.self).contains(#""exp":"2030-03-17T17:51:40Z""#))
    }

    @Test("exp is capped at the maximum lifetime but never extended")
    func lifetimeCap() throws {
        let shortJWT = try Self.legacySigner.issue(Claims(issuer: "old", expiration: Self.now.addingTimeInterval(60)))
        let paseto = try migrator(try .init(maximumLifetime: 600)).migrate(shortJWT)
        #expect(try Self.pasetoVerifier.verify(paseto).claims.expiration == Self.now.addingTimeInterval(60))
    }

    @Test("refused JWTs produce no token, each with its own error")
    func refusals() throws {
        let good = try Self.legacySigner.issue(Claims(issuer: "old"))
        let parts = good.split(separator: ".")
        let otherKey = try JWS.HMACKey.generate(algorithm: .hs256)
        let cases: [(String, TesseraError.Code)] = [
            (try JWS.Signer(key: otherKey).issue(Claims(issuer: "old")), .authenticationFailed),  // kid is a hint
            (try JWS.Signer(key: otherKey, includesKeyID: false).issue(Claims(issuer: "old")), .authenticationFailed),
            (try Self.legacySigner.issue(Claims(issuer: "old", expiration: Self.now.addingTimeInterval(-1))), .expired),
            (try Self.legacySigner.issue(Claims(issuer: "someone else")), .issuerMismatch),
            ("\(parts[0]).\(parts[1]).\(parts[2].dropLast(2))AA", .authenticationFailed),
            (Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + ".\(parts[1]).", .wrongHeader),
            ("v4.public." + parts[1], .invalidBase64URL),
        ]
        for (jwt, code) in cases {
            #expect(errorCode { try migrator().migrate(jwt) } == code)
        }
    }

    @Test("aud arrays follow the audience policy")
    func audiencePolicy() throws {
        let jwt = try Self.legacySigner.issue(Claims(issuer: "old", audience: ["api", "web"]))
        #expect(errorCode { try migrator().migrate(jwt) } == .audienceMismatch)
        let kept = try migrator(.init(audiencePolicy: .keepMatching("web"))).migrate(jwt)
        #expect(try Self.pasetoVerifier.verify(kept).claims.audience == "web")
        #expect(
            errorCode { try migrator(.init(audiencePolicy: .keepMatching("cli"))).migrate(jwt) } == .audienceMismatch
        )
        let array = try migrator(.init(audiencePolicy: .keepArray)).migrate(jwt)
        #expect(errorCode { try Self.pasetoVerifier.verify(array) } == .invalidClaim)
        var lenient = Self.pasetoVerifier
        lenient.settings.audienceFormat = .stringOrArray
        #expect(try lenient.verify(array).claims.audience == ["api", "web"])
        let rewritten = try migrator(.init(audience: "new-api", audiencePolicy: .keepMatching("api"))).migrate(jwt)
        #expect(try Self.pasetoVerifier.verify(rewritten).claims.audience == "new-api")
    }

    @Test("an allow-list keeps only the listed custom claims")
    func allowList() throws {
        var claims = Claims(issuer: "old")
        claims.custom["a"] = 1
        claims.custom["b"] = 2
        let paseto = try migrator(.init(allowedCustomClaims: ["b"])).migrate(Self.legacySigner.issue(claims))
        #expect(try Self.pasetoVerifier.verify(paseto).claims.custom == ["b": 2])
    }

    @Test("v4.local output works the same, with the local key's id as kid")
    func localTarget() throws {
        let key = try PASETO.V4.Local.SymmetricKey()
        let migrator = try Migration.Migrator(
            verifier: Self.legacyVerifier,
            target: .local(key),
            window: Migration.Window()
        )
        let token = try migrator.migrate(Self.legacySigner.issue(Claims(issuer: "old", subject: "bob")))
        let verified = try PASETO.V4.Local.Verifier(
            keys: PASETO.KeyRing([key]),
            rules: ValidationRules(clock: .fixed(Self.now))
        )
        .verify(token)
        #expect(verified.claims.subject == "bob")
    }
}

@Suite("Dual-accept verifier")
struct DualVerifierTests {
    let pasetoIssuer = PASETO.V4.Public.Issuer(
        key: MigrationTests.pasetoKey,
        footer: .keyID,
        defaults: IssuingDefaults(clock: .fixed(MigrationTests.now))
    )

    func dual(
        cutoff: Date? = nil,
        observer: (@Sendable (Migration.Origin?, TesseraError?) -> Void)? = nil
    ) -> Migration.DualVerifier {
        Migration.DualVerifier(
            paseto: MigrationTests.pasetoVerifier,
            legacy: MigrationTests.legacyVerifier,
            window: try! Migration.Window(jwtCutoff: cutoff, clock: .fixed(MigrationTests.now)),
            observer: observer
        )
    }

    @Test("PASETO and legacy JWTs both verify to the same claims type, counted per format")
    func acceptsBoth() throws {
        let verifier = dual()
        let fromPASETO = try verifier.verifyReportingOrigin(pasetoIssuer.issue(Claims(subject: "alice")))
        let fromJWT = try verifier.verifyReportingOrigin(
            MigrationTests.legacySigner.issue(Claims(issuer: "old", subject: "alice"))
        )
        #expect(fromPASETO.origin == .paseto && fromJWT.origin == .legacyJWT)
        #expect(fromPASETO.token.claims.subject == fromJWT.token.claims.subject)
        #expect(fromJWT.token.format == .init("HS256"))
        #expect(errorCode { try verifier.verify("garbage") } != nil)
        #expect(verifier.counts == Migration.Counts(paseto: 1, legacyJWT: 1, refused: 1))
    }

    @Test("from the cut-off on, JWTs are refused as formatRetired and PASETO still works")
    func cutoff() throws {
        let verifier = dual(cutoff: MigrationTests.now)
        let jwt = try MigrationTests.legacySigner.issue(Claims(issuer: "old"))
        #expect(errorCode { try verifier.verify(jwt) } == .formatRetired)
        #expect(errorCode { try verifier.verify(pasetoIssuer.issue(Claims())) } == nil)
    }

    @Test(
        "only the exact v4 prefixes route to PASETO; look-alikes go to the JWT verifier and fail there",
        arguments: [
            "v4.local.AAAA", "V4.public.AAAA", "v4.publicX.AAAA", "v3.public.AAAA", "v2.local.AAAA",
        ]
    )
    func routing(_ token: String) {
        let verifier = dual()
        let code = errorCode { try verifier.verify(token) }
        #expect(code != nil)
        if token.hasPrefix("v4.local.") {
            #expect(code == .wrongHeader, "a v4.local token is refused by the v4.public verifier")
        } else {
            #expect(code == .malformedToken || code == .invalidBase64URL, "\(token) reached the JWT verifier")
        }
    }

    @Test("the observer sees every outcome")
    func observer() throws {
        let seen = Mutex<[String]>([])
        let verifier = dual { origin, error in
            seen.withLock { $0.append(origin.map { "\($0)" } ?? "\(error?.code.description ?? "")") }
        }
        _ = try verifier.verify(pasetoIssuer.issue(Claims()))
        _ = try? verifier.verify("x.y.z")
        #expect(seen.withLock { $0 } == ["paseto", "invalidBase64URL"])
    }
}
