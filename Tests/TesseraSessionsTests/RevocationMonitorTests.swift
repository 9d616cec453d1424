import Foundation
import TesseraCore
import TesseraPASETO
import TesseraSessions
import Testing

@Suite("Revocation monitor")
struct RevocationMonitorTests {
    let key = try! PASETO.V4.Local.SymmetricKey()

    func issue(_ claims: Claims) throws -> String {
        try PASETO.V4.Local.Issuer(key: key).issue(claims)
    }

    func verifier(_ monitor: RevocationMonitor, _ clock: ManualClock) -> some TokenVerifier {
        PASETO.V4.Local.Verifier(key: key, rules: ValidationRules(clock: clock.clock)).checkingRevocation(monitor)
    }

    @Test("Before the first load every check fails closed as stale")
    func neverLoaded() throws {
        let clock = ManualClock()
        let monitor = try RevocationMonitor(store: ListOnlyStore(), stalenessBound: 2, clock: clock.clock)
        #expect(monitor.age == nil)
        #expect(throws: TesseraError(.revocationStateStale, "")) {
            try verifier(monitor, clock).verify(issue(Fixture.claims()))
        }
    }

    @Test("A revocation is seen after a refresh; a list older than the bound fails closed; a failed read keeps aging")
    func staleness() async throws {
        let clock = ManualClock()
        let store = ListOnlyStore()
        let monitor = try RevocationMonitor(store: store, stalenessBound: 2, clock: clock.clock)
        try await monitor.refresh()
        let token = try issue(Fixture.claims(jti: "j-1"))
        #expect(try verifier(monitor, clock).verify(token).claims.tokenID == "j-1")

        try await store.revoke([.token(issuer: nil, id: "j-1", until: Fixture.now + 600)], at: Fixture.now)
        #expect(try verifier(monitor, clock).verify(token).claims.tokenID == "j-1")  // not read yet
        try await monitor.refresh()
        #expect(throws: TesseraError(.revoked, "")) { try verifier(monitor, clock).verify(token) }
        let other = try issue(Fixture.claims(jti: "j-2"))
        #expect(try verifier(monitor, clock).verify(other).claims.tokenID == "j-2")

        clock.advance(2)
        #expect(monitor.age == 2)
        #expect(try verifier(monitor, clock).verify(other).claims.tokenID == "j-2")  // exactly at the bound
        clock.advance(0.001)
        #expect(throws: TesseraError(.revocationStateStale, "")) { try verifier(monitor, clock).verify(other) }

        store.failing = true
        await #expect(throws: TesseraError(.storeUnavailable, "")) { try await monitor.refresh() }
        #expect(monitor.lastError?.code == .storeUnavailable)
        #expect(throws: TesseraError(.revocationStateStale, "")) { try verifier(monitor, clock).verify(other) }

        store.failing = false
        try await monitor.refresh()
        #expect(monitor.lastError == nil)
        #expect(monitor.age == 0)
        #expect(try verifier(monitor, clock).verify(other).claims.tokenID == "j-2")
    }

    @Test("Deltas add to the list and a full reload replaces it")
    func deltas() async throws {
        let store = ListOnlyStore()
        let monitor = try RevocationMonitor(store: store, stalenessBound: 2, clock: .fixed(Fixture.now))
        try await monitor.refresh()
        try await store.revoke([.keyID("a")], at: Fixture.now)
        try await monitor.refresh()
        try await store.revoke([.keyID("b")], at: Fixture.now)
        try await monitor.refresh()
        #expect(monitor.list.count == 2)
        try await monitor.refresh(full: true)
        #expect(monitor.list.count == 2)
        #expect(monitor.list.revocation(of: Fixture.claims(), keyID: "b")?.code == .revoked)
    }

    @Test("run() keeps the list fresh by polling until cancelled")
    func running() async throws {
        let store = ListOnlyStore()
        let monitor = try RevocationMonitor(store: store, stalenessBound: 0.4, pollInterval: 0.05)
        let task = Task { await monitor.run() }
        defer { task.cancel() }
        try await store.revoke([.keyID("late")], at: Date())
        // Generous: other suites block the cooperative pool's threads with child processes meanwhile.
        let deadline = Date().addingTimeInterval(60)
        while monitor.list.revocation(of: Fixture.claims(), keyID: "late") == nil, Date() < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(monitor.list.revocation(of: Fixture.claims(), keyID: "late")?.code == .revoked)
        #expect(monitor.age != nil)
    }

    @Test(
        "Unusable bounds are configuration errors",
        arguments: [(Double.nan, nil), (0, nil), (-1, nil), (7200, nil), (2, 2), (2, 0), (2, .nan)]
            as [(Double, Double?)]
    )
    func unusable(bounds: (Double, Double?)) {
        #expect(throws: TesseraError(.invalidConfiguration, "")) {
            try RevocationMonitor(store: ListOnlyStore(), stalenessBound: bounds.0, pollInterval: bounds.1)
        }
    }
}
