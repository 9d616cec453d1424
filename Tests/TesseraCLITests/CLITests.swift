import Foundation
import TesseraCore
import TesseraPASETO
import Testing

@Suite("tessera CLI contract")
struct CLITests {
    @Test("keygen, key public and key id print PASERKs")
    func keys() throws {
        let secret = try CLI.value(["keygen", "v4.public"])
        #expect(secret.hasPrefix("k4.secret."))
        let publicKey = try CLI.value(["key", "public", secret])
        #expect(try PASETO.V4.Public.SecretKey(paserk: secret).publicKey.paserk == publicKey)
        #expect(try CLI.value(["key", "id", publicKey]) == PASETO.V4.Public.PublicKey(paserk: publicKey).id)
        #expect(try CLI.value(["keygen", "v4.local"]).hasPrefix("k4.local."))
        #expect(try CLI.run(["keygen", "v3.local"]).status == 2)
    }

    @Test("verify prints the payload byte for byte, then a newline, and exits 0")
    func verifyPrintsExactPayload() throws {
        let key = try PASETO.V4.Public.SecretKey()
        let payload = #"{ "exp":"2039-01-01T00:00:00+00:00", "big": 123456789012345678901234567890, "e":"\u00e9\n" }"#
        let token = try PASETO.V4.Public.sign(Array(payload.utf8), using: key)
        let result = try CLI.run(["verify", "--key", key.publicKey.paserk, "--now", "2030-01-01T00:00:00Z", token])
        #expect(result.status == 0)
        #expect(result.stdout == Array(payload.utf8) + [0x0A])
        #expect(result.stderr.isEmpty)
    }

    @Test("issue then verify round-trips, from an argument, standard input and a key file")
    func issueAndVerify() throws {
        let key = try CLI.value(["keygen", "v4.local"])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-\(UUID().uuidString).key")
        try Data((key + "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let token = try CLI.value([
            "issue", "--key", file.path, "--claims", #"{"sub":"alice","iss":"me"}"#, "--footer", "f", "--implicit",
            "tenant",
            "--now", "2030-01-01T00:00:00Z", "--expires-in", "1h",
        ])
        #expect(token.hasPrefix("v4.local.") && token.hasSuffix(".Zg"))
        let verified = try CLI.run(
            [
                "verify", "--key", key, "--footer", "f", "--implicit", "tenant", "--issuer", "me", "--subject", "alice",
                "--require", "iat", "--now", "2030-01-01T00:30:00Z", "-",
            ].map { $0 },
            input: token + "\n"
        )
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(
            verified.output == #"{"iss":"me","sub":"alice","exp":"2030-01-01T01:00:00Z","iat":"2030-01-01T00:00:00Z"}"#
                + "\n"
        )
    }

    @Test(
        "rejections exit 1 with one line 'rejected: <reason>' and nothing on stdout",
        arguments: [
            (["--now", "2031-01-01T00:00:00Z"], "expired"),
            (["--now", "2029-12-31T00:00:00Z", "--leeway", "1s"], "issuedInFuture"),
            (["--now", "2030-01-01T00:00:00Z", "--audience", "api"], "audienceMismatch"),
            (["--now", "2030-01-01T00:00:00Z", "--issuer", "them"], "issuerMismatch"),
            (["--now", "2030-01-01T00:00:00Z", "--footer", "other"], "footerMismatch"),
            (["--now", "2030-01-01T00:00:00Z", "--implicit", "x"], "authenticationFailed"),
            (["--now", "2030-01-01T00:00:00Z", "--require", "jti"], "missingClaim"),
        ]
    )
    func rejections(_ options: [String], _ code: String) throws {
        let key = try CLI.value(["keygen", "v4.public"])
        let token = try CLI.value([
            "issue", "--key", key, "--claims", #"{"iss":"me"}"#, "--footer", "f", "--now", "2030-01-01T00:00:00Z",
        ])
        let result = try CLI.run(["verify", "--key", key] + options + [token])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("rejected: ") && result.stderr.hasSuffix("[\(code)]\n"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test("tampered, wrong-purpose and malformed tokens are rejected with exit 1")
    func tampered() throws {
        let key = try CLI.value(["keygen", "v4.public"])
        let token = try CLI.value(["issue", "--key", key])
        let publicKey = try CLI.value(["key", "public", key])
        var bytes = Array(token.utf8)
        bytes[20] = bytes[20] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        for candidate in [
            String(decoding: bytes, as: UTF8.self), token + ".", "v4.local." + token.dropFirst(10), "garbage",
        ] {
            let result = try CLI.run(["verify", "--key", publicKey, candidate])
            #expect(result.status == 1, "\(candidate)")
            #expect(result.stderr.hasPrefix("rejected: "))
        }
    }

    @Test(
        "unusable arguments or keys exit non-zero (not 1) with one line on stderr",
        arguments: [
            ["verify", "--key", "k4.local.short", "v4.local.x"],
            ["verify", "--key", "/nonexistent/key", "v4.local.x"],
            ["verify", "v4.local.x"],
            [
                "verify", "--key", "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--leeway", "soon",
                "v4.local.x",
            ],
            [
                "verify", "--key", "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--now", "yesterday",
                "v4.local.x",
            ],
            ["issue", "--key", "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--claims", "[1]"],
            ["issue", "--key", "k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
        ]
    )
    func unusable(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status != 0 && result.status != 1, "\(arguments) exited \(result.status)")
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"))
    }

    @Test("inspect marks the payload UNVERIFIED and shows the footer")
    func inspect() throws {
        let key = try CLI.value(["keygen", "v4.public"])
        let token = try CLI.value(["issue", "--key", key, "--claims", #"{"sub":"x"}"#, "--footer", #"{"kid":"k"}"#])
        let output = try CLI.value(["inspect", token])
        #expect(output.contains("header: v4.public"))
        #expect(output.contains(#"footer (UNVERIFIED): {"kid":"k"}"#))
        #expect(output.contains(#"payload (UNVERIFIED, signature not checked): {"sub":"x""#))
    }

    @Test("help exits 0")
    func help() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.output.contains("verify"))
    }
}
