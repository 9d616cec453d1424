import TesseraCore
import TesseraJWS
import TesseraMigration
import TesseraPASETO

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `migration`: `Migration.Migrator` on arbitrary JWTs with a fixed HS256 legacy key, at a fixed instant.
///
/// Input: text from a first byte of 0x20 on, migrated as is. Else structured, `mode ‖ claims JSON`: the harness
/// signs the claims with the legacy key, so the fuzzer explores the claim mapping. Mode bit 0 picks the target
/// (`v4.public` or `v4.local`), bit 1 the audience policy (`refuse` or `keepArray`). Anything migrated must verify
/// under the legacy verifier, and its output must verify under the PASETO verifier at the same instant with the
/// mapped claims: `exp` capped and rounded down, `nbf` rounded up, `iat` kept (rounded down), the rest unchanged.
public enum MigrationHarness {
    /// Runs one input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    public static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        if first >= 0x20 {
            migrate(String(decoding: bytes, as: UTF8.self), mode: 0)
            migrate(String(decoding: bytes, as: UTF8.self), mode: 3)
        } else {
            var input = FuzzInput(bytes)
            let mode = input.byte()
            let claims = input.rest()
            let jwt: String
            do { jwt = try JWS.sign(claims, using: Fixed.hs256) } catch { mustNotThrow(error, "signing a JWT") }
            migrate(jwt, mode: mode)
        }
    }

    private static let legacy = JWS.Verifier(key: Fixed.hs256, rules: Fixed.strictRules)
    private static let maximumLifetime: TimeInterval = 900

    /// The migrators by mode bits 0–1: target `v4.public`/`v4.local`, audience policy `refuse`/`keepArray`.
    private static let migrators: [Migration.Migrator] = (0..<4).map { mode in
        let target: Migration.Target = mode & 1 == 0 ? .public(Fixed.secretKeys[0]) : .local(Fixed.localKeys[0])
        let policy: Migration.AudiencePolicy = mode & 2 == 0 ? .refuse : .keepArray
        do {
            let mapping = try Migration.ClaimMapping(audiencePolicy: policy, maximumLifetime: maximumLifetime)
            return try Migration.Migrator(
                verifier: legacy,
                target: target,
                mapping: mapping,
                window: Migration.Window()
            )
        } catch { mustNotThrow(error, "building a migrator") }
    }

    private static func migrate(_ jwt: String, mode: UInt8) {
        let isPublic = mode & 1 == 0
        let policy: Migration.AudiencePolicy = mode & 2 == 0 ? .refuse : .keepArray
        let migrator = migrators[Int(mode & 3)]
        let target = migrator.target
        let original = try? legacy.verify(jwt)
        let token: String
        do {
            token = try migrator.migrate(jwt)
        } catch {
            if let original {
                // PASETO writes whole seconds: a JWT expiring within the second after now cannot be migrated.
                let expiresWithinASecond =
                    original.claims.expiration.map {
                        $0.timeIntervalSince1970.rounded(.down) <= Fixed.now.timeIntervalSince1970
                    } ?? false
                check(
                    error.code == .audienceMismatch || error.code == .invalidClaim
                        || (error.code == .expired && expiresWithinASecond),
                    "a JWT the legacy verifier accepts failed to migrate with \(error)"
                )
            }
            return
        }
        guard let original else { fatalError("PROPERTY FAILED: migrated a JWT the legacy verifier refuses") }
        let audienceFormat: ClaimsCodec.AudienceFormat = policy == .keepArray ? .stringOrArray : .string
        let settings = PASETO.VerificationSettings(audienceFormat: audienceFormat)
        let verified: VerifiedToken
        do {
            if isPublic {
                check(token.hasPrefix(PASETO.V4.Public.header), "a v4.public migration wrote \(token.prefix(10))")
                verified = try PASETO.V4.Public.Verifier(
                    key: Fixed.secretKeys[0].publicKey,
                    rules: Fixed.strictRules,
                    settings: settings
                ).verify(token)
            } else {
                check(token.hasPrefix(PASETO.V4.Local.header), "a v4.local migration wrote \(token.prefix(10))")
                verified = try PASETO.V4.Local.Verifier(
                    key: Fixed.localKeys[0],
                    rules: Fixed.strictRules,
                    settings: settings
                ).verify(token)
            }
        } catch {
            fatalError("PROPERTY FAILED: the migrated token does not verify under the PASETO verifier: \(error)")
        }
        checkMapping(original.claims, verified.claims)
        do {
            let footer = try JSONParser(limits: .footer).parseObject(verified.footer)
            check(footer["kid"] == .string(target.keyID), "the migrated footer's kid is not the PASETO key's id")
            check(footer.count == 1, "the migrated footer has more than the kid")
        } catch { mustNotThrow(error, "parsing the migrated footer") }
    }

    private static func checkMapping(_ before: Claims, _ after: Claims) {
        let now = Fixed.now.timeIntervalSince1970
        check(after.subject == before.subject, "sub changed in migration")
        check(after.issuer == before.issuer, "iss changed in migration")
        check(after.tokenID == before.tokenID, "jti changed in migration")
        check(after.audience == before.audience, "aud changed in migration")
        check(after.custom == before.custom, "custom claims changed in migration")
        guard let expiration = after.expiration?.timeIntervalSince1970 else {
            fatalError("PROPERTY FAILED: a migrated token has no exp")
        }
        check(expiration <= now + maximumLifetime, "a migrated token lives past the maximum lifetime")
        if let original = before.expiration?.timeIntervalSince1970 {
            check(expiration <= original, "migration extended exp from \(original) to \(expiration)")
        }
        check(expiration > now, "a migrated token is already expired")
        let issuedAt = after.issuedAt?.timeIntervalSince1970
        let expectedIssuedAt = (before.issuedAt?.timeIntervalSince1970 ?? now).rounded(.down)
        check(issuedAt == expectedIssuedAt, "iat \(before.issuedAt as Any) became \(after.issuedAt as Any)")
        check(
            after.notBefore?.timeIntervalSince1970 == before.notBefore?.timeIntervalSince1970.rounded(.up),
            "nbf \(before.notBefore?.timeIntervalSince1970 as Any) became \(after.notBefore?.timeIntervalSince1970 as Any)"
        )
    }
}
