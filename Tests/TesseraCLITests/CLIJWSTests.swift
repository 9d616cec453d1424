import Foundation
import TesseraCore
import TesseraJWS
import Testing

@Suite("tessera CLI with JWS keys")
struct CLIJWSTests {
    static let folder: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-cli-jws-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Generates a key pair for `algorithm`, returning the private and public key file paths.
    static func keyFiles(_ algorithm: String, pem: Bool = false) throws -> (String, String) {
        let name = "\(algorithm)-\(UUID().uuidString)"
        let privateFile = folder.appendingPathComponent("\(name)-private").path
        let publicFile = folder.appendingPathComponent("\(name)-public").path
        let arguments =
            ["keygen", algorithm] + (algorithm.hasPrefix("HS") ? [] : ["--public", publicFile]) + (pem ? ["--pem"] : [])
        let privateKey = try CLI.value(arguments)
        try Data((privateKey + "\n").utf8).write(to: URL(fileURLWithPath: privateFile))
        return (privateFile, algorithm.hasPrefix("HS") ? privateFile : publicFile)
    }

    @Test(
        "keygen writes a private JWK with alg and its thumbprint as kid",
        arguments: ["HS384", "RS256", "ES512", "EdDSA"]
    )
    func keygen(_ algorithm: String) throws {
        let (privateFile, publicFile) = try Self.keyFiles(algorithm)
        let jwk = try JSONParser().parseObject(Array(try String(contentsOfFile: privateFile, encoding: .utf8).utf8))
        #expect(jwk["alg"] == .string(algorithm))
        let key = try JWS.JWK.verificationKey(from: try String(contentsOfFile: publicFile, encoding: .utf8))
        #expect(jwk["kid"]?.stringValue == (try key.thumbprint()))
    }

    @Test(
        "issue and verify with JWK keys print the payload byte for byte",
        arguments: ["HS256", "PS256", "ES256", "EdDSA"]
    )
    func roundTrip(_ algorithm: String) throws {
        let (privateFile, publicFile) = try Self.keyFiles(algorithm)
        let token = try CLI.value([
            "issue", "--key", privateFile, "--claims", #"{"sub":"alice","aud":["a","b"]}"#, "--now",
            "2030-01-01T00:00:00Z",
        ])
        let result = try CLI.run([
            "verify", "--key", publicFile, "--audience", "b", "--now", "2030-01-01T00:01:00Z", token,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output == #"{"sub":"alice","aud":["a","b"],"exp":1893456900,"iat":1893456000}"# + "\n")
    }

    @Test("PEM keys need --alg, which must match the curve")
    func pemKeys() throws {
        let (privateFile, publicFile) = try Self.keyFiles("ES384", pem: true)
        #expect(try CLI.run(["issue", "--key", privateFile]).status == 2)
        let token = try CLI.value(["issue", "--key", privateFile, "--alg", "ES384"])
        #expect(try CLI.run(["verify", "--key", publicFile, "--alg", "ES384", token]).status == 0)
        let mismatch = try CLI.run(["verify", "--key", publicFile, "--alg", "ES256", token])
        #expect(mismatch.status == 2 && mismatch.stderr.contains("P-256"))
    }

    @Test("a JWKS routes by kid, and --typ is enforced")
    func jwksAndTyp() throws {
        let (firstPrivate, firstPublic) = try Self.keyFiles("ES256")
        let (_, secondPublic) = try Self.keyFiles("RS256")
        let keys = try [firstPublic, secondPublic].map {
            try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .newlines)
        }
        let jwks = Self.folder.appendingPathComponent("set.jwks")
        try Data(#"{"keys":[\#(keys.joined(separator: ","))]}"#.utf8).write(to: jwks)
        let token = try CLI.value(["issue", "--key", firstPrivate, "--typ", "at+jwt"])
        #expect(try CLI.run(["verify", "--key", jwks.path, "--typ", "AT+JWT", token]).status == 0)
        let wrongType = try CLI.run(["verify", "--key", jwks.path, "--typ", "JWT", token])
        #expect(wrongType.status == 1 && wrongType.stderr.contains("[wrongHeader]"))
    }

    @Test("alg none and a token for another algorithm are rejected with exit 1")
    func rejections() throws {
        let (privateFile, publicFile) = try Self.keyFiles("ES256")
        let token = try CLI.value(["issue", "--key", privateFile])
        let parts = token.split(separator: ".")
        let none = Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + ".\(parts[1])."
        for forged in [none, none + "AAAA", "\(parts[0]).\(parts[1]).\(parts[2].dropLast(2))"] {
            let result = try CLI.run(["verify", "--key", publicFile, forged])
            #expect(result.status == 1 && result.stderr.hasPrefix("rejected: "), "\(result.stderr)")
        }
    }

    @Test("--alg must agree with a JWK's own alg, and --min-rsa-bits only tightens")
    func policy() throws {
        let (privateFile, publicFile) = try Self.keyFiles("RS256")
        #expect(try CLI.run(["verify", "--key", publicFile, "--alg", "PS256", "x.y.z"]).status == 2)
        let token = try CLI.value(["issue", "--key", privateFile])
        #expect(try CLI.run(["verify", "--key", publicFile, "--min-rsa-bits", "4096", token]).status == 2)
        #expect(try CLI.run(["verify", "--key", publicFile, "--min-rsa-bits", "1024", token]).status == 0)
    }

    @Test("inspect shows a JWS header and payload marked UNVERIFIED")
    func inspect() throws {
        let (privateFile, _) = try Self.keyFiles("EdDSA")
        let token = try CLI.value(["issue", "--key", privateFile, "--claims", #"{"sub":"x"}"#])
        let output = try CLI.value(["inspect", token])
        #expect(output.contains(#"header (UNVERIFIED): {"alg":"EdDSA","typ":"JWT","kid":"#))
        #expect(output.contains(#"payload (UNVERIFIED, signature not checked): {"sub":"x""#))
    }
}

@Suite("tessera migrate")
struct CLIMigrateTests {
    @Test("a valid JWT becomes a PASETO token with mapped claims, exit 0")
    func migrates() throws {
        let (privateFile, publicFile) = try CLIJWSTests.keyFiles("ES256")
        let paserk = try CLI.value(["keygen", "v4.public"])
        let jwt = try CLI.value([
            "issue", "--key", privateFile, "--claims", #"{"iss":"old","sub":"alice","aud":["api","web"]}"#, "--now",
            "2030-01-01T00:00:00Z", "--expires-in", "1h",
        ])
        let token = try CLI.value([
            "migrate", "--jwt-key", publicFile, "--jwt-issuer", "old", "--jwt-audience", "web", "--paseto-key", paserk,
            "--issuer", "new", "--max-lifetime", "5m", "--now", "2030-01-01T00:10:00Z", jwt,
        ])
        #expect(token.hasPrefix("v4.public."))
        let payload = try CLI.value([
            "verify", "--key", try CLI.value(["key", "public", paserk]), "--now", "2030-01-01T00:11:00Z", token,
        ])
        #expect(
            payload
                == #"{"iss":"new","sub":"alice","aud":"web","exp":"2030-01-01T00:15:00Z","iat":"2030-01-01T00:00:00Z"}"#
        )
    }

    @Test("refused JWTs exit 1 with one 'rejected:' line; unusable keys exit 2")
    func refusals() throws {
        let (privateFile, publicFile) = try CLIJWSTests.keyFiles("EdDSA")
        let paserk = try CLI.value(["keygen", "v4.local"])
        let jwt = try CLI.value(["issue", "--key", privateFile, "--claims", #"{"iss":"old"}"#])
        let wrongIssuer = try CLI.run([
            "migrate", "--jwt-key", publicFile, "--jwt-issuer", "other", "--paseto-key", paserk, jwt,
        ])
        #expect(wrongIssuer.status == 1 && wrongIssuer.stderr.hasSuffix("[issuerMismatch]\n"))
        let tampered = try CLI.run(["migrate", "--jwt-key", publicFile, "--paseto-key", paserk, jwt + "A"])
        #expect(tampered.status == 1 && tampered.stdout.isEmpty)
        #expect(try CLI.run(["migrate", "--jwt-key", publicFile, "--paseto-key", "k4.public.AAAA", jwt]).status == 2)
        #expect(try CLI.run(["migrate", "--jwt-key", paserk, "--paseto-key", paserk, jwt]).status == 2)
    }
}

@Suite("Hardening: CLI")
struct CLIHardeningTests {
    @Test("A1: migrate --audience without --jwt-audience exits 2 with one line saying why")
    func audienceRewriteNeedsLegacyAudience() throws {
        let (privateFile, publicFile) = try CLIJWSTests.keyFiles("ES256")
        let paserk = try CLI.value(["keygen", "v4.public"])
        let jwt = try CLI.value(["issue", "--key", privateFile, "--claims", #"{"sub":"alice","aud":"other"}"#])
        let result = try CLI.run(["migrate", "--jwt-key", publicFile, "--paseto-key", paserk, "--audience", "api", jwt])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("error: ") && result.stderr.contains("--jwt-audience"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)")
    }

    @Test("A6: attacker text in a refused token's header stays on the one rejected: line; inspect escapes it")
    func rejectedLineIsOneLine() throws {
        let (_, publicFile) = try CLIJWSTests.keyFiles("HS256")
        let header = #"{"alg":"HS256","kid":"x\nrejected: fine [none]\u001b[31m","crit":["a\nb"]}"#
        let token = Base64URL.encode(Array(header.utf8)) + ".e30.AAAA"
        let result = try CLI.run(["verify", "--key", publicFile, token])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("rejected: "))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1, "one line: \(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains { $0.value == 0x1B })
        let inspected = try CLI.run(["inspect", token])
        #expect(inspected.status == 0)
        #expect(inspected.output.split(separator: "\n").count == 2, "\(inspected.output)")
        #expect(!inspected.output.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test("A4: a non-finite leeway or lifetime exits 2, never disables a check")
    func nonFiniteDurations() throws {
        let paserk = try CLI.value(["keygen", "v4.local"])
        let token = try CLI.value(["issue", "--key", paserk, "--claims", #"{"sub":"a"}"#])
        for bad in ["nan", "inf", "1e400", "-5s"] {
            let result = try CLI.run(["verify", "--key", paserk, "--leeway=\(bad)", token])
            #expect(result.status == 2, "--leeway \(bad): \(result.stderr)")
        }
    }
}

@Suite("Hardening: CLI key handling")
struct CLIKeyHandlingTests {
    @Test("A11: keygen --output creates the key file with mode 0600 and never overwrites one")
    func outputIsPrivate() throws {
        let path = CLIJWSTests.folder.appendingPathComponent("out-\(UUID().uuidString)").path
        let first = try CLI.run(["keygen", "v4.local", "--output", path])
        #expect(first.status == 0 && first.stdout.isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.hasPrefix("k4.local."))
        let second = try CLI.run(["keygen", "ES256", "--output", path])
        #expect(second.status == 2 && second.stderr.contains("exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written, "the first key is untouched")
    }

    @Test("A11: --key reads a file, standard input or an environment variable, so secrets stay out of argv")
    func keySources() throws {
        let path = CLIJWSTests.folder.appendingPathComponent("key-\(UUID().uuidString)").path
        #expect(try CLI.run(["keygen", "v4.local", "--output", path]).status == 0)
        let secret = try String(contentsOfFile: path, encoding: .utf8)
        let token = try CLI.value(["issue", "--key", path, "--claims", #"{"sub":"alice"}"#])
        #expect(try CLI.run(["verify", "--key", "-", token], input: secret).status == 0)
        let fromEnvironment = try CLI.run(
            ["verify", "--key", "env:TESSERA_TEST_KEY", token],
            environment: ["TESSERA_TEST_KEY": secret]
        )
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        #expect(try CLI.run(["verify", "--key", "env:TESSERA_TEST_UNSET", token]).status == 2)
        let both = try CLI.run(["verify", "--key", "-", "-"], input: secret)
        #expect(both.status == 2 && both.stderr.contains("standard input"))
    }
}
