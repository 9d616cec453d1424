import Foundation
import PropertyBased
import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO
import Testing

@Suite("Migration properties", .shrinking)
struct MigrationProperties {
    static let now = Date(timeIntervalSince1970: TimeInterval(Generators.now))
    static let legacyKey = try! JWS.ECDSAPrivateKey.generate(algorithm: .es256)
    static let pasetoKey = try! PASETO.V4.Local.SymmetricKey()
    static let mapping = try! Migration.ClaimMapping(
        audiencePolicy: .keepArray,
        maximumLifetime: 900
    )
    static let migrator = try! Migration.Migrator(
        verifier: JWS.Verifier(
            key: legacyKey.verificationKey,
            rules: ValidationRules(requiresExpiration: false, clock: .fixed(now))
        ),
        target: .local(pasetoKey),
        mapping: mapping,
        window: Migration.Window()
    )
    static let pasetoVerifier = PASETO.V4.Local.Verifier(
        key: pasetoKey,
        rules: ValidationRules(clock: .fixed(now)),
        settings: PASETO.VerificationSettings(audienceFormat: .stringOrArray)
    )
    static let jwtSigner = JWS.Signer(key: legacyKey, defaults: IssuingDefaults(lifetime: nil, setsIssuedAt: false))

    /// Claims that are valid at `now`: any registered and custom claims, expiry in the future if present.
    static let validClaims = Generators.claims.map { claims in
        var claims = claims
        if let expiration = claims.expiration, expiration <= now {
            claims.expiration = now.addingTimeInterval(
                1 + expiration.timeIntervalSince1970.truncatingRemainder(dividingBy: 10_000)
            )
        }
        return claims
    }

    @Test("every tampered, expired or wrong-key JWT is refused")
    func refusesBadJWTs() async {
        let otherKey = try! JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        await checkProperty(
            count: 150,
            input: Self.validClaims,
            Gen<Int>.value(in: 0...10_000),
            Gen<UInt8>.value(in: 1...255)
        ) {
            claims,
            position,
            delta in
            var bytes = Array(try Self.jwtSigner.issue(claims).utf8)
            bytes[position % bytes.count] &+= delta
            #expect(throws: TesseraError.self) { try Self.migrator.migrate(String(decoding: bytes, as: UTF8.self)) }
            var expired = claims
            expired.expiration = Self.now.addingTimeInterval(-1)
            #expect(throws: TesseraError(.expired, "")) { try Self.migrator.migrate(Self.jwtSigner.issue(expired)) }
            let foreign = try JWS.Signer(key: otherKey, includesKeyID: false).issue(claims)
            #expect(throws: TesseraError(.authenticationFailed, "")) { try Self.migrator.migrate(foreign) }
        }
    }

    /// Issues with one backend and verifies with another through the shared protocols only.
    static func roundTrip(_ claims: Claims, issuer: some TokenIssuer, verifier: some TokenVerifier) throws -> Claims {
        try verifier.verify(issuer.issue(claims)).claims
    }

    @Test("the same generic code round-trips claims through JWS and PASETO")
    func genericRoundTrip() async {
        let rules = Generators.lenientRules
        let noDefaults = IssuingDefaults(lifetime: nil, setsIssuedAt: false)
        await checkProperty(count: 100, input: Generators.claims) { claims in
            let viaJWT = try Self.roundTrip(
                claims,
                issuer: JWS.Signer(key: Self.legacyKey, defaults: noDefaults),
                verifier: JWS.Verifier(key: Self.legacyKey.verificationKey, rules: rules)
            )
            let viaPASETO = try Self.roundTrip(
                claims,
                issuer: PASETO.V4.Local.Issuer(key: Self.pasetoKey, defaults: noDefaults),
                verifier: PASETO.V4.Local.Verifier(key: Self.pasetoKey, rules: rules)
            )
            #expect(viaJWT == claims)
            #expect(viaPASETO == claims)
        }
    }
}
