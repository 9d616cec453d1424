import CRawLimit
import JWTKit
import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO

/// Every measured operation, built with fresh keys; each contender is checked once while it is built (Tessera's
/// token verifies with the raw path and with jwt-kit, and the raw path's tokens verify with Tessera).
public enum Contests {
    /// Issue and verify for every format, and the ES256 JWT → v4.public migration.
    ///
    /// - Parameter including: Which formats to set up, by the name their rows start with (`v4.local`, `HS256`,
    ///   `migrate`); all by default. Setting up one alone spares the others' key generation, e.g. under callgrind.
    /// - Returns: The contests, in table order.
    /// - Throws: When a key cannot be made or a contender's check fails.
    public static func formats(including: (String) -> Bool = { _ in true }) async throws -> [Contest] {
        guard CRawLimit_init() == 0 else { throw ContestError("libsodium did not initialise") }
        var contests: [Contest] = []
        if including("v4.local") { contests += try v4Local() }
        if including("v4.public") { contests += try v4Public() }
        let hmacs: [(JWS.Algorithm, DigestAlgorithm, Int)] = [
            (.hs256, .sha256, 256), (.hs384, .sha384, 384), (.hs512, .sha512, 512),
        ]
        for (algorithm, digest, bits) in hmacs where including(algorithm.name) {
            let secret = Fixture.randomBytes(bits / 8)
            let key = try JWS.HMACKey(algorithm: algorithm, secret: secret)
            let peer = JWTKeyCollection()
            await peer.add(hmac: HMACKey(from: secret), digestAlgorithm: digest, kid: try kid(of: key))
            contests += try await jws(key, raw: try .hmac(bits: bits, secret: secret), peer: peer)
        }
        for algorithm in [JWS.Algorithm.rs256, .ps256] where including(algorithm.name) {
            let key = try JWS.RSAPrivateKey.generate(algorithm: algorithm)
            let pem = try key.pemRepresentation
            let peer = JWTKeyCollection()
            let rsa = try Insecure.RSA.PrivateKey(pem: pem)
            if algorithm == .rs256 {
                await peer.add(rsa: rsa, digestAlgorithm: .sha256, kid: try kid(of: key))
            } else {
                await peer.add(pss: rsa, digestAlgorithm: .sha256, kid: try kid(of: key))
            }
            let scheme: CRawLimitScheme = algorithm == .rs256 ? CRawLimitSchemePKCS1 : CRawLimitSchemePSS
            contests += try await jws(key, raw: .evp(RawKey(pem: pem), scheme: scheme, bits: 256), peer: peer)
        }
        let curves: [(JWS.Algorithm, Int, Int)] = [(.es256, 256, 32), (.es384, 384, 48), (.es512, 512, 66)]
        for (algorithm, bits, coordinate) in curves where including(algorithm.name) {
            let key = try JWS.ECDSAPrivateKey.generate(algorithm: algorithm)
            let pem = try key.pemRepresentation
            let peer = JWTKeyCollection()
            switch coordinate {
            case 32: await peer.add(ecdsa: try ES256PrivateKey(pem: pem), kid: try kid(of: key))
            case 48: await peer.add(ecdsa: try ES384PrivateKey(pem: pem), kid: try kid(of: key))
            default: await peer.add(ecdsa: try ES512PrivateKey(pem: pem), kid: try kid(of: key))
            }
            let raw = RawJWS.evp(
                try RawKey(pem: pem),
                scheme: CRawLimitSchemeECDSA,
                bits: bits,
                coordinate: coordinate
            )
            contests += try await jws(key, raw: raw, peer: peer)
        }
        if including(JWS.Algorithm.eddsa.name) {
            let seed = Fixture.randomBytes(32)
            let ed = try JWS.EdDSAPrivateKey(seed: seed)
            let peer = JWTKeyCollection()
            await peer.add(
                eddsa: try EdDSA.PrivateKey(d: Base64URL.encode(seed), curve: .ed25519),
                kid: try kid(of: ed)
            )
            contests += try await jws(ed, raw: .eddsa(try RawEd25519(seed: seed)), peer: peer)
        }
        if including("migrate") { contests.append(try migration()) }
        return contests
    }

    // MARK: - PASETO

    private static func v4Local() throws -> [Contest] {
        let secret = Fixture.randomBytes(32)
        let key = try PASETO.V4.Local.SymmetricKey(rawRepresentation: secret)
        let issuer = PASETO.V4.Local.Issuer(key: key, defaults: Fixture.defaults)
        let verifier = PASETO.V4.Local.Verifier(key: key, rules: Fixture.rules)
        let claims = Fixture.claims()
        let token = try issuer.issue(claims)
        let payload = try verifier.verify(token).payload
        let raw = RawLocal(secret: secret)
        _ = try verifier.verify(try raw.encryptedToken(payload))
        guard try raw.decrypt(token) == payload.count else { throw ContestError("raw v4.local read another payload") }
        return [
            Contest(
                "v4.local issue",
                tessera: Contender("Tessera", .sync { _ = try issuer.issue(claims) }),
                baseline: Contender("raw", .sync { _ = try raw.encrypt(payload) }),
                baselineTarget: 0.80
            ),
            Contest(
                "v4.local verify",
                tessera: Contender("Tessera", .sync { _ = try verifier.verify(token) }),
                baseline: Contender("raw", .sync { _ = try raw.decrypt(token) }),
                baselineTarget: 0.85,
                allocationTarget: 6
            ),
        ]
    }

    private static func v4Public() throws -> [Contest] {
        let seed = Fixture.randomBytes(32)
        let key = try PASETO.V4.Public.SecretKey(seed: seed)
        let issuer = PASETO.V4.Public.Issuer(key: key, defaults: Fixture.defaults)
        let verifier = PASETO.V4.Public.Verifier(key: key.publicKey, rules: Fixture.rules)
        let claims = Fixture.claims()
        let token = try issuer.issue(claims)
        let payload = try verifier.verify(token).payload
        let raw = try RawEd25519(seed: seed)
        _ = try verifier.verify(try raw.signedPASETO(payload))
        guard try raw.verifyPASETO(token) == payload.count else {
            throw ContestError("raw v4.public read another payload")
        }
        return [
            Contest(
                "v4.public issue",
                tessera: Contender("Tessera", .sync { _ = try issuer.issue(claims) }),
                baseline: Contender("raw", .sync { _ = try raw.signPASETO(payload) })
            ),
            Contest(
                "v4.public verify",
                tessera: Contender("Tessera", .sync { _ = try verifier.verify(token) }),
                baseline: Contender("raw", .sync { _ = try raw.verifyPASETO(token) }),
                baselineTarget: 0.95
            ),
        ]
    }

    // MARK: - JWS

    /// The `kid` Tessera writes for `key`, which jwt-kit files the same key under.
    private static func kid(of key: some JWSSigningKey) throws -> JWKIdentifier {
        let token = try JWS.Signer(key: key, defaults: Fixture.defaults).issue(Fixture.claims())
        let message = try JWS.Verifier(key: key.verificationKey, rules: Fixture.rules).verifyMessage(token)
        return JWKIdentifier(string: message.keyID ?? "")
    }

    private static func jws(
        _ key: some JWSSigningKey,
        raw: RawJWS,
        peer: JWTKeyCollection
    ) async throws -> [Contest] {
        let name = key.algorithm.name
        let signer = JWS.Signer(key: key, defaults: Fixture.defaults)
        let verifier = JWS.Verifier(key: key.verificationKey, rules: Fixture.rules)
        let claims = Fixture.claims()
        let token = try signer.issue(claims)
        let segments = try Fixture.segments(of: token)
        let (header, payload) = (segments[0], segments[1])
        _ = try verifier.verify(try raw.signedToken(header: header, payload: payload))
        guard try raw.verify(token) == payload.count else { throw ContestError("raw \(name) read another payload") }
        let peerClaims = JWTKitClaims(claims)
        let kid = try kid(of: key)
        _ = try verifier.verify(try await peer.sign(peerClaims, kid: kid))
        _ = try await peer.verify(token, as: JWTKitClaims.self)
        let isHS256 = key.algorithm == .hs256
        let isHMAC = name.hasPrefix("HS")
        return [
            Contest(
                "\(name) issue",
                tessera: Contender("Tessera", .sync { _ = try signer.issue(claims) }),
                baseline: Contender("raw", .sync { _ = try raw.sign(header: header, payload: payload) }),
                jwtKit: Contender(
                    "jwt-kit",
                    .async { _ = try await peer.sign(peerClaims, kid: kid) }
                ),
                baselineTarget: isHS256 ? 0.70 : nil,
                jwtKitTarget: 1.0
            ),
            Contest(
                "\(name) verify",
                tessera: Contender("Tessera", .sync { _ = try verifier.verify(token) }),
                baseline: Contender("raw", .sync { _ = try raw.verify(token) }),
                jwtKit: Contender("jwt-kit", .async { _ = try await peer.verify(token, as: JWTKitClaims.self) }),
                baselineTarget: isHS256 ? 0.60 : (isHMAC ? nil : 0.95),
                jwtKitTarget: isHS256 ? 4.0 : 1.0,
                allocationTarget: isHS256 ? 6 : nil
            ),
        ]
    }

    // MARK: - Migration

    /// ES256 JWT → v4.public through `Migration.Migrator`, against raw ES256 verify plus raw Ed25519 sign of the
    /// same PASETO claims and footer.
    private static func migration() throws -> Contest {
        let ec = try JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        let seed = Fixture.randomBytes(32)
        let paseto = try PASETO.V4.Public.SecretKey(seed: seed)
        let migrator = try Migration.Migrator(
            verifier: JWS.Verifier(key: ec.verificationKey, rules: Fixture.rules),
            target: .public(paseto),
            window: Migration.Window()
        )
        let jwt = try JWS.Signer(key: ec, defaults: Fixture.defaults).issue(Fixture.claims())
        let migrated = try migrator.migrate(jwt)
        let verified = try PASETO.V4.Public.Verifier(key: paseto.publicKey, rules: Fixture.rules).verify(migrated)
        let rawJWT = RawJWS.evp(
            try RawKey(pem: try ec.pemRepresentation),
            scheme: CRawLimitSchemeECDSA,
            bits: 256,
            coordinate: 32
        )
        let rawPASETO = try RawEd25519(seed: seed)
        let (payload, footer) = (verified.payload, verified.footer)
        guard try rawJWT.verify(jwt) > 0, try rawPASETO.signedPASETO(payload, footer: footer).hasPrefix("v4.public.")
        else { throw ContestError("raw migration failed") }
        return Contest(
            "migrate ES256 → v4.public",
            tessera: Contender("Tessera", .sync { _ = try migrator.migrate(jwt) }),
            baseline: Contender(
                "raw",
                .sync {
                    _ = try rawJWT.verify(jwt)
                    _ = try rawPASETO.signPASETO(payload, footer: footer)
                }
            )
        )
    }
}
