import Foundation
import TesseraCore
import TesseraSessions
import Testing

/// The same suite against every store; each test case has a store of its own (a new SQLite file, a new PostgreSQL
/// database). Serialized: each PostgreSQL store holds a pool of connections, and the cluster's limit is not under test.
@Suite("Session store conformance", .serialized)
struct StoreConformanceTests {
    let key = try! RefreshTokenKey.generate()
    let now = Fixture.now

    func family(
        _ subject: String = uniqueID("user"),
        createdAt: Date? = nil,
        lifetime: TimeInterval = 86_400
    )
        -> SessionFamily
    {
        let start = createdAt ?? now
        return SessionFamily(id: uniqueID("s"), subject: subject, createdAt: start, expiresAt: start + lifetime)
    }

    func newHash() throws -> RefreshTokenHash { try key.hash(RefreshToken.generate()) }

    func request(_ presented: RefreshTokenHash, at instant: Date? = nil) throws -> RotationRequest {
        let at = instant ?? now
        return RotationRequest(
            presented: presented,
            successor: try newHash(),
            now: at,
            successorExpiry: at + 3600,
            accessTokenLifetime: 600
        )
    }

    @Test("prepare() is idempotent and another node's store sees the same data", arguments: StoreKind.allCases)
    func prepareTwice(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            try await open.store.prepare()
            try await kind.reopen(open).closing { other in
                try await other.store.prepare()
                let session = family()
                try await open.store.createFamily(session, firstToken: try newHash(), tokenExpiry: now + 3600)
                #expect(try await other.store.families(subject: session.subject) == [session])
            }
        }
    }

    @Test(
        "A token rotates once; its reuse revokes the session, whose tokens then all fail",
        arguments: StoreKind.allCases
    )
    func rotationLifecycle(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let store = open.store
            let session = family()
            let first = try newHash()
            try await store.createFamily(session, firstToken: first, tokenExpiry: now + 3600)
            let second = try request(first, at: now + 1)
            #expect(try await store.rotate(second) == .rotated(session))
            let third = try request(second.successor, at: now + 2)
            #expect(try await store.rotate(third) == .rotated(session))

            let before = try await store.revocations(after: nil).cursor
            var revoked = session
            revoked.revokedAt = now + 3
            #expect(try await store.rotate(try request(first, at: now + 3)) == .reused(revoked))
            #expect(try await store.rotate(try request(third.successor, at: now + 4)) == .revoked(revoked))
            #expect(try await store.rotate(try request(second.successor, at: now + 4)) == .revoked(revoked))
            let delta = try await store.revocations(after: before)
            #expect(delta.entries == [.session(id: session.id, until: now + 603)])
            #expect(delta.cursor > before)
            #expect(!delta.isComplete)
            #expect(try await store.families(subject: session.subject) == [revoked])
        }
    }

    @Test("Unknown tokens, idle expiry and the session's absolute end", arguments: StoreKind.allCases)
    func expiry(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let store = open.store
            #expect(try await store.rotate(try request(try newHash())) == .unknown)

            let idle = family()
            let token = try newHash()
            try await store.createFamily(idle, firstToken: token, tokenExpiry: now + 100)
            #expect(try await store.rotate(try request(token, at: now + 100)) == .expired)
            #expect(try await store.rotate(try request(token, at: now + 99)) == .rotated(idle))

            // The first token's expiry is capped at the session's end, and so is every successor's.
            let short = family(lifetime: 50)
            let shortToken = try newHash()
            try await store.createFamily(short, firstToken: shortToken, tokenExpiry: now + 3600)
            #expect(try await store.rotate(try request(shortToken, at: now + 50)) == .expired)
            let rotation = try request(shortToken, at: now + 10)
            #expect(try await store.rotate(rotation) == .rotated(short))
            #expect(try await store.rotate(try request(rotation.successor, at: now + 50)) == .expired)
        }
    }

    @Test(
        "A successor whose hash is already stored (spent, live in another session, or the presented one) changes nothing",
        arguments: StoreKind.allCases
    )
    func successorCollision(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let store = open.store
            let session = family()
            let first = try newHash()
            try await store.createFamily(session, firstToken: first, tokenExpiry: now + 3600)
            let spend = try request(first, at: now + 1)
            #expect(try await store.rotate(spend) == .rotated(session))
            let live = spend.successor
            let other = family()
            let otherToken = try newHash()
            try await store.createFamily(other, firstToken: otherToken, tokenExpiry: now + 3600)

            for collision in [first, otherToken, live] {
                let rotation = RotationRequest(
                    presented: live,
                    successor: collision,
                    now: now + 2,
                    successorExpiry: now + 3600,
                    accessTokenLifetime: 600
                )
                await #expect(throws: TesseraError(.storeUnavailable, "")) { try await store.rotate(rotation) }
            }
            // Nothing was spent or overwritten: both live tokens still rotate, and the spent one is still spent.
            #expect(try await store.rotate(try request(otherToken, at: now + 3)) == .rotated(other))
            #expect(try await store.rotate(try request(live, at: now + 3)) == .rotated(session))
            var revoked = session
            revoked.revokedAt = now + 4
            #expect(try await store.rotate(try request(first, at: now + 4)) == .reused(revoked))
        }
    }

    @Test("Many tasks on two nodes racing on one token: exactly one successor", arguments: StoreKind.allCases)
    func race(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let session = family()
            let token = try newHash()
            try await open.store.createFamily(session, firstToken: token, tokenExpiry: now + 3600)
            let requests = try (0..<32).map { _ in try request(token, at: now + 1) }
            let outcomes = try await kind.reopen(open).closing { other in
                try await withThrowingTaskGroup(of: RotationOutcome.self) { group in
                    for (index, request) in requests.enumerated() {
                        let store = index.isMultiple(of: 2) ? open.store : other.store
                        group.addTask { try await store.rotate(request) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            }
            let rotated = outcomes.filter { if case .rotated = $0 { true } else { false } }
            let reused = outcomes.filter { if case .reused = $0 { true } else { false } }
            let revoked = outcomes.filter { if case .revoked = $0 { true } else { false } }
            #expect(rotated.count == 1)
            #expect(reused.count == 1)
            #expect(rotated.count + reused.count + revoked.count == 32)
            // The one successor exists and belongs to a revoked session; no other successor was stored.
            var successes = 0
            for request in requests {
                switch try await open.store.rotate(try self.request(request.successor, at: now + 2)) {
                case .revoked: successes += 1
                case .unknown: break
                default: Issue.record("a successor rotated after the reuse")
                }
            }
            #expect(successes == 1)
        }
    }

    @Test(
        "A cancelled rotation reports what was committed: rotated with a live successor, or an error and nothing spent",
        arguments: StoreKind.allCases
    )
    func cancelledRotation(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let store = open.store
            for round in 0..<40 {
                let session = family()
                let token = try newHash()
                try await store.createFamily(session, firstToken: token, tokenExpiry: now + 3600)
                let rotation = try request(token, at: now + 1)
                let task = Task { try await store.rotate(rotation) }
                // Cancel at different points: before the store starts, while it runs, after it committed.
                if round > 0 { try await Task.sleep(for: .microseconds(round * 15)) }
                task.cancel()
                switch await task.result {
                case .success(.rotated(let rotated)):
                    #expect(rotated == session)
                    // The successor was stored: it rotates in turn.
                    #expect(try await store.rotate(try request(rotation.successor, at: now + 2)) == .rotated(session))
                case .success(let other):
                    Issue.record("round \(round): a cancelled rotation of a live token reported \(other)")
                case .failure(let error):
                    #expect((error as? TesseraError)?.code == .storeUnavailable, "round \(round): \(error)")
                    // Nothing was committed: the token is still live and its successor unknown.
                    #expect(try await store.rotate(try request(rotation.successor, at: now + 2)) == .unknown)
                    #expect(try await store.rotate(try request(token, at: now + 2)) == .rotated(session))
                }
            }
        }
    }

    @Test("revokeFamily revokes once and lists a session entry", arguments: StoreKind.allCases)
    func revokeFamily(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let store = open.store
            let session = family()
            let token = try newHash()
            try await store.createFamily(session, firstToken: token, tokenExpiry: now + 3600)
            #expect(try await store.revokeFamily(id: session.id, at: now + 5, accessTokensUntil: now + 605))
            #expect(try await !store.revokeFamily(id: session.id, at: now + 6, accessTokensUntil: now + 606))
            #expect(try await !store.revokeFamily(id: uniqueID("none"), at: now, accessTokensUntil: now))
            var revoked = session
            revoked.revokedAt = now + 5
            #expect(try await store.rotate(try request(token, at: now + 7)) == .revoked(revoked))
            let all = try await store.revocations(after: nil)
            #expect(all.isComplete)
            #expect(all.entries.contains(.session(id: session.id, until: now + 605)))
        }
    }

    @Test("Sessions are listed newest first, by subject byte for byte", arguments: StoreKind.allCases)
    func listing(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let store = open.store
            let nfc = uniqueID("caf\u{E9}")
            let nfd = nfc.replacingOccurrences(of: "\u{E9}", with: "e\u{301}")
            let older = family(nfc, createdAt: now)
            let newer = family(nfc, createdAt: now + 10)
            let decomposed = family(nfd)
            for session in [older, newer, decomposed] {
                try await store.createFamily(session, firstToken: try newHash(), tokenExpiry: now + 3600)
            }
            #expect(try await store.families(subject: nfc) == [newer, older])
            #expect(try await store.families(subject: nfd) == [decomposed])
        }
    }

    @Test(
        "A subject epoch revokes that subject's earlier sessions; the global epoch every earlier one",
        arguments: StoreKind.allCases
    )
    func epochs(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let store = open.store
            let subject = uniqueID("user")
            let early = family(subject, createdAt: now)
            let late = family(subject, createdAt: now + 20)
            let bystander = family(createdAt: now)
            var tokens: [String: RefreshTokenHash] = [:]
            for session in [early, late, bystander] {
                tokens[session.id] = try newHash()
                try await store.createFamily(session, firstToken: tokens[session.id]!, tokenExpiry: now + 3600)
            }
            try await store.revoke([.subject(subject, before: now + 10)], at: now + 30)
            var revoked = early
            revoked.revokedAt = now + 30
            #expect(try await store.rotate(try request(tokens[early.id]!, at: now + 31)) == .revoked(revoked))
            let lateRotation = try request(tokens[late.id]!, at: now + 31)
            #expect(try await store.rotate(lateRotation) == .rotated(late))
            #expect(try await store.rotate(try request(tokens[bystander.id]!, at: now + 31)) == .rotated(bystander))

            // A global epoch only touches sessions older than it.
            let ancient = Date(timeIntervalSince1970: 1_000_000_000)
            let old = family(createdAt: ancient)
            let oldToken = try newHash()
            try await store.createFamily(old, firstToken: oldToken, tokenExpiry: now + 3600)
            try await store.revoke([.all(before: ancient + 1)], at: now + 40)
            var oldRevoked = old
            oldRevoked.revokedAt = now + 40
            #expect(try await store.rotate(try request(oldToken, at: now + 41)) == .revoked(oldRevoked))
            #expect(try await store.rotate(try request(lateRotation.successor, at: now + 41)) == .rotated(late))
            let entries = try await store.revocations(after: nil).entries
            #expect(entries.contains(.subject(subject, before: now + 10)))
            #expect(entries.contains(.all(before: ancient + 1)))
        }
    }

    @Test(
        "Revisions: a delta holds exactly what came after the cursor, in order; full reads skip expired entries",
        arguments: StoreKind.allCases
    )
    func revisions(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let store = open.store
            let start = try await store.revocations(after: nil)
            let issuer = uniqueID("iss")
            // Whole seconds: stores keep Unix seconds as a double, whose round trip through Date can move the last bit.
            let future = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3600).rounded())
            // Past the retention: a verifier with the largest leeway no longer accepts the token.
            let past = Date(
                timeIntervalSince1970: (Date().timeIntervalSince1970 - RevocationList.retention - 60).rounded()
            )
            let first: [Revocation] = [.token(issuer: issuer, id: "1", until: future), .keyID(uniqueID("kid"))]
            try await store.revoke(first, at: now)
            let middle = try await store.revocations(after: start.cursor)
            #expect(middle.entries == first)
            let second: [Revocation] = [.token(issuer: nil, id: uniqueID("jti"), until: past)]
            try await store.revoke(second, at: now)
            let last = try await store.revocations(after: middle.cursor)
            #expect(last.entries == second)
            #expect(try await store.revocations(after: last.cursor).entries.isEmpty)
            let full = try await store.revocations(after: nil)
            #expect(full.cursor >= last.cursor)
            #expect(first.allSatisfy(full.entries.contains))
            #expect(!full.entries.contains(second[0]))
            try await store.removeExpired(at: Date())
            #expect(try await store.revocations(after: middle.cursor).entries.isEmpty)
        }
    }

    @Test("Strings the store cannot hold are refused, not truncated", arguments: StoreKind.allCases)
    func nul(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            await #expect(throws: TesseraError(.invalidConfiguration, "")) {
                try await open.store.revoke([.keyID("a\u{0}b")], at: now)
            }
            await #expect(throws: TesseraError(.invalidConfiguration, "")) {
                try await open.store.createFamily(family("a\u{0}b"), firstToken: try newHash(), tokenExpiry: now + 1)
            }
        }
    }
}
