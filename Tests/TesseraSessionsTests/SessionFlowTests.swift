import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO
import TesseraSessions
import Testing

/// Logins, refreshes and logouts end to end: a ``SessionManager`` on a real store, access tokens checked by a verifier
/// with a ``RevocationMonitor`` reading the same store.
@Suite("Sessions end to end", .serialized)
struct SessionFlowTests {
    let signingKey = try! PASETO.V4.Public.SecretKey()

    struct Node {
        let sessions: SessionManager
        let monitor: RevocationMonitor
        let verifier: RevocationCheckingVerifier<PASETO.V4.Public.Verifier>
    }

    func node(_ store: any SessionStore, key: RefreshTokenKey) throws -> Node {
        let sessions = SessionManager(
            store: store,
            key: key,
            issuer: PASETO.V4.Public.Issuer(key: signingKey, footer: .keyID),
            policy: try SessionPolicy(issuer: "https://auth.example", audience: "api")
        )
        // A wide bound: these tests are about what is revoked; staleness has tests of its own, and a loaded machine
        // can take seconds between two steps here.
        let monitor = try RevocationMonitor(store: store, stalenessBound: 300)
        let rules = ValidationRules(issuer: "https://auth.example", audience: "api")
        let verifier = PASETO.V4.Public.Verifier(key: signingKey.publicKey, rules: rules).checkingRevocation(monitor)
        return Node(sessions: sessions, monitor: monitor, verifier: verifier)
    }

    @Test("Login, refresh, replay: the replay revokes the session and its access tokens", arguments: StoreKind.allCases)
    func replay(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let node = try node(open.store, key: try RefreshTokenKey.generate())
            try await node.monitor.refresh()
            let subject = uniqueID("user")
            let login = try await node.sessions.login(subject: subject)
            let verified = try node.verifier.verify(login.accessToken)
            #expect(verified.claims.subject == subject)
            #expect(verified.claims.custom["sid"]?.stringValue == login.session.id)
            #expect(verified.claims.tokenID?.utf8.count == 22)

            let next = try await node.sessions.refresh(login.refreshToken.value)
            #expect(next.refreshToken.value != login.refreshToken.value)
            #expect(try node.verifier.verify(next.accessToken).claims.subject == subject)

            await #expect(throws: TesseraError(.refreshTokenReused, "")) {
                try await node.sessions.refresh(login.refreshToken.value)
            }
            await #expect(throws: TesseraError(.sessionRevoked, "")) {
                try await node.sessions.refresh(next.refreshToken.value)
            }
            try await node.monitor.refresh()
            #expect(throws: TesseraError(.revoked, "")) { try node.verifier.verify(next.accessToken) }
            #expect(throws: TesseraError(.revoked, "")) { try node.verifier.verify(login.accessToken) }
        }
    }

    @Test("Logout, logout everywhere, a revoked key id and the global epoch", arguments: StoreKind.allCases)
    func logouts(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let node = try node(open.store, key: try RefreshTokenKey.generate())
            try await node.monitor.refresh()
            let subject = uniqueID("user")
            let phone = try await node.sessions.login(subject: subject)
            let laptop = try await node.sessions.login(subject: subject)
            let other = try await node.sessions.login(subject: uniqueID("user"))

            #expect(try await node.sessions.logout(sessionID: phone.session.id))
            try await node.monitor.refresh()
            #expect(throws: TesseraError(.revoked, "")) { try node.verifier.verify(phone.accessToken) }
            #expect(try node.verifier.verify(laptop.accessToken).claims.subject == subject)
            await #expect(throws: TesseraError(.sessionRevoked, "")) {
                try await node.sessions.refresh(phone.refreshToken.value)
            }

            try await Task.sleep(for: .milliseconds(5))  // the epoch is "issued before now"
            try await node.sessions.logoutEverywhere(subject: subject)
            try await node.monitor.refresh()
            #expect(throws: TesseraError(.revoked, "")) { try node.verifier.verify(laptop.accessToken) }
            await #expect(throws: TesseraError(.sessionRevoked, "")) {
                try await node.sessions.refresh(laptop.refreshToken.value)
            }
            #expect(try node.verifier.verify(other.accessToken).claims.subject != subject)
            // Issuers write iat in whole seconds, so a login in the same second as the epoch counts as before it
            // (fail closed); one a second later is after it.
            try await Task.sleep(for: .milliseconds(1_050))
            let again = try await node.sessions.login(subject: subject)
            #expect(try node.verifier.verify(again.accessToken).claims.subject == subject)

            try await open.store.revoke([.keyID(signingKey.publicKey.id)], at: Date())
            try await node.monitor.refresh()
            #expect(throws: TesseraError(.revoked, "")) { try node.verifier.verify(other.accessToken) }
            try await open.store.removeExpired(at: Date())
        }
    }

    @Test("A global epoch revokes every access token issued before it", arguments: StoreKind.allCases)
    func globalEpoch(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let node = try node(open.store, key: try RefreshTokenKey.generate())
            try await node.monitor.refresh()
            let login = try await node.sessions.login(subject: uniqueID("user"))
            try await Task.sleep(for: .milliseconds(5))
            try await open.store.revoke([.all(before: Date())], at: Date())
            try await node.monitor.refresh()
            #expect(throws: TesseraError(.revoked, "")) { try node.verifier.verify(login.accessToken) }
            await #expect(throws: TesseraError(.sessionRevoked, "")) {
                try await node.sessions.refresh(login.refreshToken.value)
            }
        }
    }

    @Test("Legacy clients get a JWS access token from the same session", arguments: [StoreKind.sqlite])
    func legacyJWS(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let hmac = try JWS.HMACKey(algorithm: .hs256, secret: Array(repeating: 7, count: 32), keyID: "legacy")
            let sessions = SessionManager(
                store: open.store,
                key: try RefreshTokenKey.generate(),
                issuer: JWS.Signer(key: hmac)
            )
            let monitor = try RevocationMonitor(store: open.store, stalenessBound: 300)
            try await monitor.refresh()
            let verifier = JWS.Verifier(key: hmac).checkingRevocation(monitor)
            let login = try await sessions.login(subject: "legacy-user")
            #expect(try verifier.verify(login.accessToken).claims.custom["sid"]?.stringValue == login.session.id)
            try await sessions.logout(sessionID: login.session.id)
            try await monitor.refresh()
            #expect(throws: TesseraError(.revoked, "")) { try verifier.verify(login.accessToken) }
        }
    }

    @Test(
        "A revocation made through one node reaches another node's running monitor (latency: SessionsBench)",
        arguments: StoreKind.allCases
    )
    func propagation(kind: StoreKind) async throws {
        try await withStore(kind) { open in
            let kid = uniqueID("kid")
            let monitor = try await kind.reopen(open).closing { other in
                let monitor = try RevocationMonitor(store: other.store, stalenessBound: 2)
                try await monitor.refresh()
                let task = Task { await monitor.run() }
                defer { task.cancel() }
                let started = Date()
                try await open.store.revoke([.keyID(kid)], at: started)
                while monitor.list.revocation(of: Fixture.claims(), keyID: kid) == nil,
                    Date().timeIntervalSince(started) < 30
                {
                    try await Task.sleep(for: .milliseconds(5))
                }
                return monitor
            }
            #expect(monitor.list.revocation(of: Fixture.claims(), keyID: kid)?.code == .revoked)
        }
    }
}
