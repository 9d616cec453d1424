import Foundation
import TesseraCore
import TesseraSessions
import Testing

@Suite("Revocation list")
struct RevocationListTests {
    let now = Fixture.now

    @Test("A jti entry revokes that jti from that issuer only, byte for byte")
    func tokenEntry() {
        let list = RevocationList([.token(issuer: "https://a.example", id: "j-1", until: now + 600)])
        #expect(list.revocation(of: Fixture.claims(jti: "j-1", iss: "https://a.example"), keyID: nil)?.code == .revoked)
        #expect(list.revocation(of: Fixture.claims(jti: "j-1", iss: "https://b.example"), keyID: nil) == nil)
        #expect(list.revocation(of: Fixture.claims(jti: "j-1"), keyID: nil) == nil)
        #expect(list.revocation(of: Fixture.claims(jti: "j-2", iss: "https://a.example"), keyID: nil) == nil)
        // "\u{212A}" (KELVIN SIGN) is canonically equivalent to "K" for String ==, but other bytes.
        let kelvin = RevocationList([.token(issuer: nil, id: "\u{212A}", until: now + 600)])
        #expect(kelvin.revocation(of: Fixture.claims(jti: "K"), keyID: nil) == nil)
        #expect(kelvin.revocation(of: Fixture.claims(jti: "\u{212A}"), keyID: nil)?.code == .revoked)
    }

    @Test("A subject epoch revokes the subject's tokens issued before it, and tokens without iat")
    func subjectEpoch() {
        let list = RevocationList([.subject("user-1", before: now)])
        #expect(list.revocation(of: Fixture.claims(iat: now - 1), keyID: nil)?.code == .revoked)
        #expect(list.revocation(of: Fixture.claims(iat: now - 0.001), keyID: nil)?.code == .revoked)
        #expect(list.revocation(of: Fixture.claims(iat: now), keyID: nil) == nil)
        #expect(list.revocation(of: Fixture.claims(iat: now + 1), keyID: nil) == nil)
        #expect(list.revocation(of: Fixture.claims(iat: nil), keyID: nil)?.code == .revoked)
        #expect(list.revocation(of: Fixture.claims(sub: "user-2", iat: now - 1), keyID: nil) == nil)
        #expect(list.revocation(of: Fixture.claims(sub: "user-1\u{0301}", iat: now - 1), keyID: nil) == nil)
    }

    @Test("Epochs keep the later instant, whatever the order they arrive in")
    func laterEpochWins() {
        let list = RevocationList([.subject("user-1", before: now + 100), .subject("user-1", before: now)])
        #expect(list.revocation(of: Fixture.claims(iat: now + 50), keyID: nil)?.code == .revoked)
        let global = RevocationList([.all(before: now + 100), .all(before: now)])
        #expect(global.revocation(of: Fixture.claims(sub: "anyone", iat: now + 50), keyID: nil)?.code == .revoked)
        #expect(global.revocation(of: Fixture.claims(sub: "anyone", iat: now + 100), keyID: nil) == nil)
    }

    @Test("A revoked key id revokes every token the key verified")
    func keyID() {
        let list = RevocationList([.keyID("k4.pid.abc")])
        #expect(list.revocation(of: Fixture.claims(), keyID: "k4.pid.abc")?.code == .revoked)
        #expect(list.revocation(of: Fixture.claims(), keyID: "k4.pid.abd") == nil)
        #expect(list.revocation(of: Fixture.claims(), keyID: nil) == nil)
    }

    @Test(
        "Key ids match byte for byte, in a small list (compared one by one) and a large one (hashed)",
        arguments: [2, 20]
    )
    func keyIDsByBytes(count: Int) {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301) are canonically equivalent, so Swift's == calls them
        // equal; their bytes differ.
        let ids = (0..<count).map { "k4.pid.\u{E9}-\($0)" }
        let list = RevocationList(ids.map(Revocation.keyID))
        for id in ids { #expect(list.revocation(of: Fixture.claims(), keyID: id)?.code == .revoked) }
        #expect(list.revocation(of: Fixture.claims(), keyID: "k4.pid.e\u{301}-0") == nil)
        #expect(list.revocation(of: Fixture.claims(), keyID: "k4.pid.\u{E9}-0 ") == nil)
        #expect(list.revocation(of: Fixture.claims(), keyID: "k4.pid.\u{E9}-") == nil)
        #expect(list.revocation(of: Fixture.claims(), keyID: "") == nil)
    }

    @Test("A session entry revokes the access tokens that carry its sid")
    func session() {
        let list = RevocationList([.session(id: "s-1", until: now + 600)])
        #expect(list.revocation(of: Fixture.claims(sid: "s-1"), keyID: nil)?.code == .revoked)
        #expect(list.revocation(of: Fixture.claims(sid: "s-2"), keyID: nil) == nil)
        #expect(list.revocation(of: Fixture.claims(), keyID: nil) == nil)
    }

    @Test("Token and session entries are dropped a day (the largest leeway) after their tokens expire; epochs stay")
    func expiry() {
        let list = RevocationList([
            .token(issuer: nil, id: "a", until: now + 10),
            .session(id: "s", until: now + 20),
            .subject("u", before: now),
            .keyID("k"),
            .all(before: now - 1000),
        ])
        #expect(list.count == 5)
        #expect(list.removingExpired(at: now + 15).count == 5)  // a verifier with leeway may still accept them
        #expect(list.removingExpired(at: now + 86_410).count == 5)
        #expect(list.removingExpired(at: now + 86_415).count == 4)
        #expect(list.removingExpired(at: now + 86_425).count == 3)
    }

    @Test("Reasons escape attacker-chosen key ids")
    func escaping() throws {
        let list = RevocationList([.keyID("evil\n\u{1B}[31m")])
        let error = try #require(list.revocation(of: Fixture.claims(), keyID: "evil\n\u{1B}[31m"))
        #expect(!error.reason.contains("\n") && !error.reason.contains("\u{1B}"))
    }
}
