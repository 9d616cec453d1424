import Foundation
import TesseraCore
import Testing

@Suite("Validation rules")
struct ValidationRulesTests {
    let now = Date(timeIntervalSince1970: 1_000_000)

    func claims(exp: TimeInterval? = 60, nbf: TimeInterval? = nil, iat: TimeInterval? = nil) -> Claims {
        Claims(
            issuer: "https://issuer",
            subject: "alice",
            audience: "api",
            expiration: exp.map { now.addingTimeInterval($0) },
            notBefore: nbf.map { now.addingTimeInterval($0) },
            issuedAt: iat.map { now.addingTimeInterval($0) }
        )
    }

    func code(_ rules: ValidationRules, _ claims: Claims) -> TesseraError.Code? {
        do {
            try rules.validate(claims, now: now)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("valid claims pass the defaults")
    func passes() {
        #expect(code(ValidationRules(), claims()) == nil)
    }

    @Test("exp is required by default and can be waived")
    func expirationRequired() {
        #expect(code(ValidationRules(), claims(exp: nil)) == .missingClaim)
        #expect(code(ValidationRules(requiresExpiration: false), claims(exp: nil)) == nil)
    }

    @Test("each time check has its own error, and leeway applies")
    func timeChecks() throws {
        #expect(code(ValidationRules(), claims(exp: 0)) == .expired)
        #expect(code(ValidationRules(), claims(exp: -1)) == .expired)
        #expect(code(try ValidationRules(leeway: 5), claims(exp: -1)) == nil)
        #expect(code(ValidationRules(), claims(nbf: 10)) == .notYetValid)
        #expect(code(try ValidationRules(leeway: 10), claims(nbf: 10)) == nil)
        #expect(code(ValidationRules(), claims(iat: 10)) == .issuedInFuture)
        #expect(code(try ValidationRules(maximumAge: 30), claims(iat: -31)) == .tokenTooOld)
        #expect(code(try ValidationRules(maximumAge: 30), claims(iat: -29)) == nil)
        #expect(code(try ValidationRules(maximumAge: 30), claims()) == .missingClaim)
    }

    @Test("issuer, audience, subject and required claims are checked")
    func identityChecks() {
        #expect(code(ValidationRules(issuer: "https://other"), claims()) == .issuerMismatch)
        #expect(code(ValidationRules(audience: "web"), claims()) == .audienceMismatch)
        #expect(code(ValidationRules(subject: "bob"), claims()) == .subjectMismatch)
        #expect(code(ValidationRules(requiredClaims: ["jti"]), claims()) == .missingClaim)
        #expect(code(ValidationRules(issuer: "https://issuer", audience: "api", subject: "alice"), claims()) == nil)
    }

    @Test("custom rules run and fail with ruleFailed")
    func customRules() {
        let rule = ClaimRule("subject is alice") { claims, _ in claims.subject == "alice" }
        #expect(code(ValidationRules(additionalRules: [rule]), claims()) == nil)
        var other = claims()
        other.subject = "mallory"
        #expect(code(ValidationRules(additionalRules: [rule]), other) == .ruleFailed)
    }

    @Test("the injected clock is used by validate(_:)")
    func injectedClock() throws {
        let rules = ValidationRules(clock: .fixed(now.addingTimeInterval(120)))
        #expect(throws: TesseraError(.expired, "")) { try rules.validate(claims()) }
        try ValidationRules(clock: .fixed(now)).validate(claims())
    }
}
