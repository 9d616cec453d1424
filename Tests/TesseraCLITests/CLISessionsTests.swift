#if SQLite
import Foundation
import TesseraCore
import TesseraSessions
import TesseraSessionsSQLite
import Testing

/// `tessera revoke`, `tessera sessions` and `verify --store`, on a SQLite store in a temporary folder (PostgreSQL URLs
/// only as ones that cannot be reached).
@Suite("tessera revoke, sessions and verify --store")
struct CLISessionsTests {
    let folder: URL
    let store: String
    let secret: String
    let publicKey: String

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = "sqlite:" + folder.appendingPathComponent("sessions.db").path
        // The CLI never creates a store (a typo must not become an empty list): make them as a server would.
        for name in ["sessions.db", "keys.db", "all.db"] {
            let created = try await SQLiteSessionStore.open(path: folder.appendingPathComponent(name).path)
            try await created.prepare()
            await created.close()
        }
        let secretFile = folder.appendingPathComponent("secret.paserk").path
        _ = try CLI.value(["keygen", "v4.public", "--output", secretFile])
        secret = secretFile
        publicKey = try CLI.value(["key", "public", secretFile])
    }

    func token(_ claims: String) throws -> String {
        try CLI.value(["issue", "--key", secret, "--claims", claims, "--expires-in", "10m"])
    }

    func verify(_ token: String, store: String? = nil) throws -> CLI.Result {
        try CLI.run(["verify", "--key", publicKey, "--store", store ?? self.store, token])
    }

    @Test("A revoked jti is rejected with [revoked]; another jti and the same jti of another issuer pass")
    func jti() throws {
        let revoked = try token(#"{"iss":"https://a.example","jti":"j-1","sub":"alice"}"#)
        let otherIssuer = try token(#"{"iss":"https://b.example","jti":"j-1","sub":"alice"}"#)
        let other = try token(#"{"iss":"https://a.example","jti":"j-2","sub":"alice"}"#)
        #expect(try verify(revoked).status == 0)
        let line = try CLI.value([
            "revoke", "--store", store, "--jti", "j-1", "--issuer", "https://a.example", "--until",
            "2100-01-01T00:00:00Z",
        ])
        #expect(line == #"revoked jti "j-1" of issuer "https://a.example" until 2100-01-01T00:00:00Z"#)
        let rejected = try verify(revoked)
        #expect(rejected.status == 1)
        #expect(rejected.stderr.hasPrefix("rejected: ") && rejected.stderr.hasSuffix("[revoked]\n"))
        #expect(rejected.stdout.isEmpty)
        #expect(try verify(otherIssuer).status == 0)
        let passed = try verify(other)
        #expect(passed.status == 0)
        #expect(passed.output.contains(#""jti":"j-2""#))
    }

    @Test("--subject, --kid and --all revoke what was issued before them")
    func epochsAndKeys() throws {
        let alice = try token(#"{"sub":"alice"}"#)
        let bob = try token(#"{"sub":"bob"}"#)
        Thread.sleep(forTimeInterval: 0.01)
        #expect(
            try CLI.value(["revoke", "--store", store, "--subject", "alice"]).hasPrefix(
                #"revoked tokens of subject "alice""#
            )
        )
        #expect(try verify(alice).status == 1)
        #expect(try verify(bob).status == 0)

        let keyID = try CLI.value(["key", "id", publicKey])
        let otherStore = "sqlite:" + folder.appendingPathComponent("keys.db").path
        #expect(try verify(bob, store: otherStore).status == 0)
        #expect(try CLI.value(["revoke", "--store", otherStore, "--kid", keyID]) == "revoked key id \"\(keyID)\"")
        #expect(try verify(bob, store: otherStore).stderr.contains("[revoked]"))

        let allStore = "sqlite:" + folder.appendingPathComponent("all.db").path
        Thread.sleep(forTimeInterval: 0.01)
        #expect(try CLI.value(["revoke", "--store", allStore, "--all"]).hasPrefix("revoked every token issued before"))
        #expect(try verify(bob, store: allStore).status == 1)
        #expect(
            try CLI.value(["revoke", "--store", allStore, "--all", "--before", "1000000000"]).contains("2001-09-09")
        )
    }

    @Test(
        "Unusable stores and options exit 2 with one line",
        arguments: [
            ["revoke", "--store", "mysql://localhost/x", "--kid", "k"],
            ["revoke", "--store", "sqlite:", "--kid", "k"],
            ["revoke", "--store", "sqlite:/nonexistent/typo.db", "--kid", "k"],
            ["verify", "--key", "PUBLIC", "--store", "sqlite:typo.db", "v4.public.x"],
            ["revoke", "--store", "STORE", "--jti", "j", "--issuer", "i", "--until", "1e300"],
            ["revoke", "--store", "STORE"],
            ["revoke", "--store", "STORE", "--kid", "k", "--all"],
            ["revoke", "--store", "STORE", "--jti", "j", "--issuer", "i"],
            ["revoke", "--store", "STORE", "--kid", "k", "--before", "1"],
            ["revoke", "--store", "STORE", "--subject", "s", "--before", "yesterday"],
            ["revoke", "--store", "postgres://postgres@127.0.0.1:1/none", "--kid", "k"],
            ["sessions", "list", "--store", "STORE"],
            ["sessions", "revoke-family", "--store", "postgres://u:hunter2@127.0.0.1:1/x", "s"],
        ]
    )
    func unusable(arguments: [String]) throws {
        // A mistyped store path must be refused, never created as an empty store that passes every token.
        defer { #expect(!FileManager.default.fileExists(atPath: "typo.db")) }
        let result = try CLI.run(arguments.map { $0 == "STORE" ? store : $0 == "PUBLIC" ? publicKey : $0 })
        #expect(result.status == 2 || result.status == 64, "\(arguments): \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2"))
        #expect(result.stdout.isEmpty)
    }

    @Test("sessions list shows a subject's sessions newest first; revoke-family ends one")
    func sessions() async throws {
        let path = folder.appendingPathComponent("sessions.db").path
        let library = try await SQLiteSessionStore.open(path: path)
        let key = try RefreshTokenKey.generate()
        // A year ahead of the real clock, so "live" stays true whenever this runs.
        let start = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 365 * 86_400).rounded(.down))
        let rfc3339 = ISO8601DateFormatter()
        let (newer, older, end) = (
            rfc3339.string(from: start + 1), rfc3339.string(from: start), rfc3339.string(from: start + 86_400)
        )
        for (index, id) in ["older", "newer"].enumerated() {
            let family = SessionFamily(
                id: id,
                subject: "carol",
                createdAt: start + Double(index),
                expiresAt: start + 86_400
            )
            try await library.createFamily(family, firstToken: try key.hash(.generate()), tokenExpiry: start + 3600)
        }
        await library.close()
        let listed = try CLI.value(["sessions", "list", "--store", store, "--subject", "carol"])
        #expect(
            listed == """
                newer created \(newer) expires \(end) live
                older created \(older) expires \(end) live
                """
        )
        #expect(try CLI.value(["sessions", "revoke-family", "--store", store, "older"]) == #"revoked session "older""#)
        #expect(
            try CLI.value(["sessions", "revoke-family", "--store", store, "older"])
                == #"session "older" was not live (unknown or already revoked)"#
        )
        let after = try CLI.value(["sessions", "list", "--store", store, "--subject", "carol"])
        #expect(after.contains("newer created \(newer) expires \(end) live"))
        #expect(after.contains("older created \(older) expires \(end) revoked 20"))
        #expect(try CLI.value(["sessions", "list", "--store", store, "--subject", "nobody"]).isEmpty)
    }
}
#endif
