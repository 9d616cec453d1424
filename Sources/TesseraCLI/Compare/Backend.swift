import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO
import TesseraSessions

/// One token format with a fresh key: how to issue, verify, sign raw payloads, and forge attack tokens.
struct Backend {
    /// The format's name, e.g. `v4.public` or `ES256`.
    var name: String
    /// `PASETO v4` or `JWS`.
    let family: String
    /// Whether issuer and verifier share one secret.
    let isSymmetric: Bool
    let issuer: any TokenIssuer
    var verifier: any TokenVerifier
    /// Signs or encrypts arbitrary payload bytes with the backend's key (for hand-made attack payloads).
    let signRaw: ([UInt8]) throws -> String
    /// A verifier for the same format under another key of the same kind.
    var otherKeyVerifier: any TokenVerifier
    /// A token of this backend's header made with the public key material used as an HMAC or local secret, if the
    /// format has public keys (the key-confusion attack).
    let confusedToken: () throws -> String?
    /// A `jti` the backend's verifier holds on a revocation list, when it checks one.
    var revokedTokenID: String? = nil
    /// A verifier holding only this backend's key that routes by `kid`: a JWS key set, or a PASETO key ring.
    var keyRoutingVerifier: (any TokenVerifier)? = nil
    /// The id of the other key (a JWS thumbprint or a PASERK id): well formed, but naming no key of this backend's.
    var otherKeyID: String = ""
    /// JWS: signs `payload` under the hand-written protected header `header`, with this backend's key or, when
    /// `asOther` is set, with the other key (the one ``otherKeyVerifier`` trusts).
    var signUnderHeader: ((_ header: [UInt8], _ payload: [UInt8], _ asOther: Bool) throws -> String)? = nil
    /// JWS: signs `payload` under `header` with this backend's own key material used under the algorithm the `alg`
    /// probe names (``Probes/swappedAlgorithm(_:)``), so a verifier that obeyed the header would accept the token:
    /// the same HMAC secret under another HS algorithm, the same RSA key under the other padding. `nil` where the
    /// key cannot sign under that algorithm (ECDSA on another curve, EdDSA → ES256).
    var signUnderSwappedAlgorithm: ((_ header: [UInt8], _ payload: [UInt8]) throws -> String)? = nil
    /// JWS: the other key's JWK (for HMAC, the attacker's own secret), which the `jwk` header probe embeds as an
    /// attacker would.
    var otherPublicJWK: JSONObject? = nil
    /// JWS with a public key: the verification key as JWK text, so a reader can verify the probes' tokens elsewhere.
    var publicJWK: String? = nil
    /// PASETO: signs or encrypts `payload` with the given footer under this backend's key.
    var signWithFooter: ((_ payload: [UInt8], _ footer: [UInt8]) throws -> String)? = nil

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
        let otherLocal = try PASETO.V4.Local.SymmetricKey()
        var localBackend = Backend(
            name: "v4.local",
            family: "PASETO v4",
            isSymmetric: true,
            issuer: PASETO.V4.Local.Issuer(key: local, defaults: defaults),
            verifier: PASETO.V4.Local.Verifier(key: local, rules: rules),
            signRaw: { try PASETO.V4.Local.encrypt($0, using: local) },
            otherKeyVerifier: PASETO.V4.Local.Verifier(key: otherLocal, rules: rules),
            confusedToken: { nil }
        )
        localBackend.keyRoutingVerifier = PASETO.V4.Local.Verifier(keys: try PASETO.KeyRing([local]), rules: rules)
        localBackend.otherKeyID = otherLocal.id
        localBackend.signWithFooter = { try PASETO.V4.Local.encrypt($0, using: local, footer: $1) }
        backends.append(localBackend)
        backends.append(try await revocationChecking(localBackend, rules: rules, defaults: defaults, now: now))
        let secret = try PASETO.V4.Public.SecretKey()
        let otherSecret = try PASETO.V4.Public.SecretKey()
        var publicBackend =
            Backend(
                name: "v4.public",
                family: "PASETO v4",
                isSymmetric: false,
                issuer: PASETO.V4.Public.Issuer(key: secret, defaults: defaults),
                verifier: PASETO.V4.Public.Verifier(key: secret.publicKey, rules: rules),
                signRaw: { try PASETO.V4.Public.sign($0, using: secret) },
                otherKeyVerifier: PASETO.V4.Public.Verifier(key: otherSecret.publicKey, rules: rules),
                confusedToken: {
                    let confused = try PASETO.V4.Local.SymmetricKey(
                        rawRepresentation: secret.publicKey.rawRepresentation
                    )
                    return try PASETO.V4.Local.Issuer(key: confused, defaults: defaults).issue(
                        Claims(subject: "mallory")
                    )
                }
            )
        publicBackend.keyRoutingVerifier = PASETO.V4.Public.Verifier(
            keys: try PASETO.KeyRing([secret.publicKey]),
            rules: rules
        )
        publicBackend.otherKeyID = otherSecret.publicKey.id
        publicBackend.signWithFooter = { try PASETO.V4.Public.sign($0, using: secret, footer: $1) }
        backends.append(publicBackend)
        // The algorithm each HMAC and RSA key also signs under for the `alg` probe, as `Probes.swappedAlgorithm`.
        // HS256's 32-byte secret cannot sign under HS512 (RFC 7518 §3.2 wants 64 bytes, and Tessera enforces it), so
        // its probe is signed under HS256; HS384's and HS512's secrets are long enough for HS256.
        let hmacs: [(JWS.Algorithm, swapped: JWS.Algorithm?)] = [(.hs256, nil), (.hs384, .hs256), (.hs512, .hs256)]
        for (algorithm, swapped) in hmacs {
            let key = try JWS.HMACKey.generate(algorithm: algorithm)
            let secret = try Base64URL.decode(key.jwk()["k"]?.stringValue ?? "")
            backends.append(
                try jws(
                    key,
                    other: JWS.HMACKey.generate(algorithm: algorithm),
                    swapped: try swapped.map { try JWS.HMACKey(algorithm: $0, secret: secret) },
                    now: now
                )
            )
        }
        for (algorithm, swapped) in [(JWS.Algorithm.rs256, JWS.Algorithm.ps256), (.ps256, .rs256)] {
            let key = try JWS.RSAPrivateKey.generate(algorithm: algorithm)
            backends.append(
                try jws(
                    key,
                    other: JWS.RSAPrivateKey.generate(algorithm: algorithm),
                    swapped: JWS.RSAPrivateKey(
                        algorithm: swapped,
                        pemRepresentation: key.pemRepresentation,
                        keyID: key.keyID
                    ),
                    now: now
                )
            )
        }
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
    /// from an in-memory store at `now`, so the row shows what the check adds to a plain `v4.local` verify. The key
    /// and the format probes are `local`'s.
    private static func revocationChecking(
        _ local: Backend,
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
        var backend = local
        backend.name = "v4.local+revocation"
        backend.verifier = checking(local.verifier, monitor)
        backend.otherKeyVerifier = checking(local.otherKeyVerifier, monitor)
        backend.keyRoutingVerifier = local.keyRoutingVerifier.map { checking($0, monitor) }
        backend.revokedTokenID = revokedTokenID
        return backend
    }

    /// `verifier` with the revocation check, opened from an existential.
    private static func checking(_ verifier: some TokenVerifier, _ monitor: RevocationMonitor) -> any TokenVerifier {
        verifier.checkingRevocation(monitor)
    }

    private static func jws<Key: JWSSigningKey>(
        _ key: Key,
        other: Key,
        swapped: (any JWSSigningKey)? = nil,
        now: Date
    ) throws -> Backend {
        let rules = ValidationRules(clock: .fixed(now))
        let symmetric = key.algorithm.name.hasPrefix("HS")
        var backend = Backend(
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
        backend.keyRoutingVerifier = JWS.Verifier(keys: try JWS.KeySet([key.verificationKey]), rules: rules)
        backend.otherKeyID = try other.verificationKey.thumbprint()
        backend.signUnderHeader = { header, payload, asOther in
            var input = Array(Base64URL.encode(header).utf8)
            input.append(UInt8(ascii: "."))
            Base64URL.encode(payload, into: &input)
            let signature = asOther ? try other.signature(for: input) : try key.signature(for: input)
            return String(decoding: input, as: UTF8.self) + "." + Base64URL.encode(signature)
        }
        if let swapped {
            backend.signUnderSwappedAlgorithm = { header, payload in
                var input = Array(Base64URL.encode(header).utf8)
                input.append(UInt8(ascii: "."))
                Base64URL.encode(payload, into: &input)
                return String(decoding: input, as: UTF8.self) + "."
                    + Base64URL.encode(try swapped.signature(for: input))
            }
        }
        backend.otherPublicJWK = try other.verificationKey.jwk()
        if !symmetric {
            backend.publicJWK = String(
                decoding: JSONWriter.bytes(for: .object(try key.verificationKey.jwk())),
                as: UTF8.self
            )
        }
        return backend
    }
}
