import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO
import TesseraSessions

/// One token format with a fresh key: how to issue, verify, sign raw payloads, and forge attack tokens.
struct Backend {
    /// The format's name, e.g. `v4.public` or `ES256`.
    let name: String
    /// `PASETO v4` or `JWS`.
    let family: String
    /// Whether issuer and verifier share one secret.
    let isSymmetric: Bool
    let issuer: any TokenIssuer
    let verifier: any TokenVerifier
    /// Signs or encrypts arbitrary payload bytes with the backend's key (for hand-made attack payloads).
    let signRaw: ([UInt8]) throws -> String
    /// A verifier for the same format under another key of the same kind.
    let otherKeyVerifier: any TokenVerifier
    /// A token of this backend's header made with the public key material used as an HMAC or local secret, if the
    /// format has public keys (the key-confusion attack).
    let confusedToken: () throws -> String?
    /// A `jti` the backend's verifier holds on a revocation list, when it checks one.
    var revokedTokenID: String? = nil

    /// The `jti` on the revocation row's list, among ``revocationListSize`` entries.
    static let revokedTokenID = "tessera-compare-revoked"
    /// How many entries the revocation row's list holds: lookups stay hash hits whatever the size.
    static let revocationListSize = 10_000

    /// Every backend the comparison covers, each with new keys, issuing and validating at `now`.
    static func all(now: Date) async throws -> [Backend] {
        let rules = ValidationRules(clock: .fixed(now))
        let defaults = IssuingDefaults(clock: .fixed(now))
        var backends: [Backend] = []
        let local = try PASETO.V4.Local.SymmetricKey()
        backends.append(
            Backend(
                name: "v4.local",
                family: "PASETO v4",
                isSymmetric: true,
                issuer: PASETO.V4.Local.Issuer(key: local, defaults: defaults),
                verifier: PASETO.V4.Local.Verifier(key: local, rules: rules),
                signRaw: { try PASETO.V4.Local.encrypt($0, using: local) },
                otherKeyVerifier: PASETO.V4.Local.Verifier(key: try PASETO.V4.Local.SymmetricKey(), rules: rules),
                confusedToken: { nil }
            )
        )
        backends.append(try await revocationChecking(local, rules: rules, defaults: defaults, now: now))
        let secret = try PASETO.V4.Public.SecretKey()
        backends.append(
            Backend(
                name: "v4.public",
                family: "PASETO v4",
                isSymmetric: false,
                issuer: PASETO.V4.Public.Issuer(key: secret, defaults: defaults),
                verifier: PASETO.V4.Public.Verifier(key: secret.publicKey, rules: rules),
                signRaw: { try PASETO.V4.Public.sign($0, using: secret) },
                otherKeyVerifier: PASETO.V4.Public.Verifier(
                    key: try PASETO.V4.Public.SecretKey().publicKey,
                    rules: rules
                ),
                confusedToken: {
                    let confused = try PASETO.V4.Local.SymmetricKey(
                        rawRepresentation: secret.publicKey.rawRepresentation
                    )
                    return try PASETO.V4.Local.Issuer(key: confused, defaults: defaults).issue(
                        Claims(subject: "mallory")
                    )
                }
            )
        )
        for algorithm in [JWS.Algorithm.hs256, .hs384, .hs512] {
            backends.append(
                try jws(
                    JWS.HMACKey.generate(algorithm: algorithm),
                    other: JWS.HMACKey.generate(algorithm: algorithm),
                    now: now
                )
            )
        }
        backends.append(
            try jws(
                JWS.RSAPrivateKey.generate(algorithm: .rs256),
                other: JWS.RSAPrivateKey.generate(algorithm: .rs256),
                now: now
            )
        )
        backends.append(
            try jws(
                JWS.RSAPrivateKey.generate(algorithm: .ps256),
                other: JWS.RSAPrivateKey.generate(algorithm: .ps256),
                now: now
            )
        )
        for algorithm in [JWS.Algorithm.es256, .es384, .es512] {
            backends.append(
                try jws(
                    JWS.ECDSAPrivateKey.generate(algorithm: algorithm),
                    other: JWS.ECDSAPrivateKey.generate(algorithm: algorithm),
                    now: now
                )
            )
        }
        backends.append(try jws(JWS.EdDSAPrivateKey.generate(), other: JWS.EdDSAPrivateKey.generate(), now: now))
        return backends
    }

    /// `v4.local` with the revocation check of `TesseraSessions`: the list holds ``revocationListSize`` entries, read
    /// from an in-memory store at `now`, so the row shows what the check adds to a plain `v4.local` verify.
    private static func revocationChecking(
        _ key: PASETO.V4.Local.SymmetricKey,
        rules: ValidationRules,
        defaults: IssuingDefaults,
        now: Date
    ) async throws -> Backend {
        let store = InMemorySessionStore()
        var entries = (1..<revocationListSize).map {
            Revocation.token(issuer: nil, id: "revoked-\($0)", until: now.addingTimeInterval(3600))
        }
        entries.append(
            .token(issuer: "https://auth.example.com", id: revokedTokenID, until: now.addingTimeInterval(3600))
        )
        try await store.revoke(entries, at: now)
        let monitor = try RevocationMonitor(store: store, stalenessBound: 3600, clock: .fixed(now))
        try await monitor.refresh()
        var backend = Backend(
            name: "v4.local+revocation",
            family: "PASETO v4",
            isSymmetric: true,
            issuer: PASETO.V4.Local.Issuer(key: key, defaults: defaults),
            verifier: PASETO.V4.Local.Verifier(key: key, rules: rules).checkingRevocation(monitor),
            signRaw: { try PASETO.V4.Local.encrypt($0, using: key) },
            otherKeyVerifier: PASETO.V4.Local.Verifier(key: try PASETO.V4.Local.SymmetricKey(), rules: rules)
                .checkingRevocation(monitor),
            confusedToken: { nil }
        )
        backend.revokedTokenID = revokedTokenID
        return backend
    }

    private static func jws<Key: JWSSigningKey>(_ key: Key, other: Key, now: Date) throws -> Backend {
        let rules = ValidationRules(clock: .fixed(now))
        let symmetric = key.algorithm.name.hasPrefix("HS")
        return Backend(
            name: key.algorithm.name,
            family: "JWS",
            isSymmetric: symmetric,
            issuer: JWS.Signer(key: key, defaults: IssuingDefaults(clock: .fixed(now))),
            verifier: JWS.Verifier(key: key.verificationKey, rules: rules),
            signRaw: { try JWS.sign($0, using: key) },
            otherKeyVerifier: JWS.Verifier(key: other.verificationKey, rules: rules),
            confusedToken: {
                guard !symmetric else { return nil }
                let publicJWK = String(
                    decoding: JSONWriter.bytes(for: .object(try key.verificationKey.jwk())),
                    as: UTF8.self
                )
                var secret = Array(publicJWK.utf8)
                if secret.count < 32 { secret += [UInt8](repeating: 0, count: 32 - secret.count) }
                return try JWS.sign(
                    Array(#"{"sub":"mallory"}"#.utf8),
                    using: JWS.HMACKey(algorithm: .hs256, secret: secret, keyID: key.keyID)
                )
            }
        )
    }
}
