import Foundation
import Synchronization
import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO
import TesseraTestSupport
import Testing

/// Every format issued and verified from many tasks at once while a PASETO key ring rotates underneath. Each result
/// is checked; the sanitizer script runs this suite under ThreadSanitizer too (`.ci/sanitize`).
@Suite("Concurrency stress")
struct ConcurrencyStressTests {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let defaults = IssuingDefaults(clock: .fixed(now))
    static let rules = ValidationRules(clock: .fixed(now))
    static let tasks = 8
    static let rounds = ProcessInfo.processInfo.environment["TESSERA_STRESS_ROUNDS"].flatMap(Int.init) ?? 60

    /// The rotating state: the keys issuing now, and the verifier over the current and previous key.
    final class Rotation: Sendable {
        struct State: Sendable {
            var generation: Int
            var local: PASETO.V4.Local.SymmetricKey
            var secret: PASETO.V4.Public.SecretKey
            var localVerifier: PASETO.V4.Local.Verifier
            var publicVerifier: PASETO.V4.Public.Verifier
        }

        let state: Mutex<State>

        init() throws {
            let local = try PASETO.V4.Local.SymmetricKey()
            let secret = try PASETO.V4.Public.SecretKey()
            state = Mutex(
                State(
                    generation: 0,
                    local: local,
                    secret: secret,
                    localVerifier: PASETO.V4.Local.Verifier(keys: try PASETO.KeyRing([local]), rules: rules),
                    publicVerifier: PASETO.V4.Public.Verifier(
                        keys: try PASETO.KeyRing([secret.publicKey]),
                        rules: rules
                    )
                )
            )
        }

        /// Adds a new key pair and retires the one before the previous.
        func rotate() throws {
            let local = try PASETO.V4.Local.SymmetricKey()
            let secret = try PASETO.V4.Public.SecretKey()
            try state.withLock { state in
                let localRing = try PASETO.KeyRing([state.local, local])
                let publicRing = try PASETO.KeyRing([state.secret.publicKey, secret.publicKey])
                state = State(
                    generation: state.generation + 1,
                    local: local,
                    secret: secret,
                    localVerifier: PASETO.V4.Local.Verifier(keys: localRing, rules: rules),
                    publicVerifier: PASETO.V4.Public.Verifier(keys: publicRing, rules: rules)
                )
            }
        }

        var current: State { state.withLock { $0 } }
    }

    /// Results counted across tasks.
    final class Counts: Sendable {
        let failures = Atomic<Int>(0)
        let checked = Atomic<Int>(0)
    }

    /// Fixed JWS keys, one per family.
    static let jws: [(issuer: any TokenIssuer, verifier: any TokenVerifier)] = {
        let hmac = try! JWS.HMACKey.generate(algorithm: .hs256)
        let ec = try! JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        let ed = try! JWS.EdDSAPrivateKey.generate()
        let rsa = try! JWS.RSAPrivateKey.generate(algorithm: .ps256)
        return [
            (JWS.Signer(key: hmac, defaults: defaults), JWS.Verifier(key: hmac, rules: rules)),
            (JWS.Signer(key: ec, defaults: defaults), JWS.Verifier(key: ec.verificationKey, rules: rules)),
            (JWS.Signer(key: ed, defaults: defaults), JWS.Verifier(key: ed.verificationKey, rules: rules)),
            (JWS.Signer(key: rsa, defaults: defaults), JWS.Verifier(key: rsa.verificationKey, rules: rules)),
        ]
    }()

    @Test(
        "every format, many tasks, a rotating key ring: every token verifies to its own claims or is refused as retired"
    )
    func stress() async throws {
        let rotation = try Rotation()
        let jws = Self.jws
        let counts = Counts()
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for _ in 0..<(Self.rounds / 4) {
                    try rotation.rotate()
                    await Task.yield()
                }
            }
            for task in 0..<Self.tasks {
                group.addTask {
                    for round in 0..<Self.rounds {
                        let subject = "task-\(task)-round-\(round)"
                        let claims = Claims(subject: subject, tokenID: UUID().uuidString)
                        let issuing = rotation.current
                        let tokens: [(String, Int)] = [
                            (
                                try PASETO.V4.Local.Issuer(key: issuing.local, footer: .keyID, defaults: Self.defaults)
                                    .issue(claims), 0
                            ),
                            (
                                try PASETO.V4.Public.Issuer(
                                    key: issuing.secret,
                                    footer: .keyID,
                                    defaults: Self.defaults
                                )
                                .issue(claims), 1
                            ),
                        ]
                        for (token, kind) in tokens {
                            let verifying = rotation.current
                            let verifier: any TokenVerifier =
                                kind == 0 ? verifying.localVerifier : verifying.publicVerifier
                            do {
                                let verified = try verifier.verify(token)
                                if verified.claims.subject != subject { counts.failures.add(1, ordering: .relaxed) }
                            } catch let error as TesseraError
                                where error.code == .unknownKeyID && verifying.generation > issuing.generation + 1
                            {
                                // Issued under a key that two rotations have since retired: refused, as it must be.
                            } catch {
                                counts.failures.add(1, ordering: .relaxed)
                            }
                            counts.checked.add(1, ordering: .relaxed)
                        }
                        let (issuer, verifier) = jws[round % jws.count]
                        let verified = try verifier.verify(issuer.issue(claims))
                        if verified.claims
                            != Claims(
                                subject: subject,
                                expiration: Self.now.addingTimeInterval(3600),
                                issuedAt: Self.now,
                                tokenID: claims.tokenID
                            )
                        {
                            counts.failures.add(1, ordering: .relaxed)
                        }
                        counts.checked.add(1, ordering: .relaxed)
                    }
                }
            }
        }
        #expect(counts.failures.load(ordering: .relaxed) == 0)
        #expect(counts.checked.load(ordering: .relaxed) == Self.tasks * Self.rounds * 3)
    }
}
