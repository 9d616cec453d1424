import Foundation
import TesseraCore
import TesseraPASETO
import TesseraTestSupport
import Testing

@Suite("Keys and PASERK")
struct KeyTests {
    @Test("key lengths are enforced", arguments: [0, 16, 31, 33, 64])
    func localKeyLength(_ count: Int) {
        #expect(
            errorCode { try PASETO.V4.Local.SymmetricKey(rawRepresentation: [UInt8](repeating: 1, count: count)) }
                == .invalidKey
        )
    }

    @Test("public and secret key lengths are enforced")
    func asymmetricLengths() {
        #expect(
            errorCode { try PASETO.V4.Public.PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 31)) }
                == .invalidKey
        )
        #expect(
            errorCode { try PASETO.V4.Public.SecretKey(rawRepresentation: [UInt8](repeating: 1, count: 32)) }
                == .invalidKey
        )
        #expect(errorCode { try PASETO.V4.Public.SecretKey(seed: [UInt8](repeating: 1, count: 31)) } == .invalidKey)
    }

    @Test("a 64-byte secret key whose public half does not match its seed is refused")
    func mismatchedHalves() throws {
        let good = try PASETO.V4.Public.SecretKey(seed: [UInt8](repeating: 7, count: 32))
        var bytes = good.withUnsafeBytes { Array($0) }
        bytes[63] ^= 1
        #expect(errorCode { try PASETO.V4.Public.SecretKey(rawRepresentation: bytes) } == .invalidKey)
    }

    @Test("PASERK strings round-trip for every plain key type")
    func paserkRoundTrip() throws {
        let local = try PASETO.V4.Local.SymmetricKey()
        #expect(try PASETO.V4.Local.SymmetricKey(paserk: local.paserk) == local)
        let secret = try PASETO.V4.Public.SecretKey()
        #expect(try PASETO.V4.Public.SecretKey(paserk: secret.paserk) == secret)
        #expect(try PASETO.V4.Public.PublicKey(paserk: secret.publicKey.paserk) == secret.publicKey)
        #expect(local.id.hasPrefix("k4.lid.") && local.id.count == 51)
        #expect(secret.id.hasPrefix("k4.sid.") && secret.publicKey.id.hasPrefix("k4.pid."))
    }

    @Test(
        "PASERKs of the wrong version, type or length are refused",
        arguments: [
            "k3.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "k4.public.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "k4.local.AAAA", "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.x",
            "k4.local-wrap.pie.AAAA", "", "k4.lid.bqltbNc4JLUAmc9Xtpok-fBuI0dQN5_m3CD9W_nbh559",
        ]
    )
    func refusesBadPASERK(_ paserk: String) {
        #expect(errorCode { try PASETO.V4.Local.SymmetricKey(paserk: paserk) } == .invalidPASERK)
    }

    @Test("keys never show their bytes in description, debugDescription or dump")
    func redaction() throws {
        let local = try PASETO.V4.Local.SymmetricKey()
        let secret = try PASETO.V4.Public.SecretKey()
        let localSecret = String(local.paserk.dropFirst("k4.local.".count))
        let signingSecret = String(secret.paserk.dropFirst("k4.secret.".count).prefix(40))
        var dumped = ""
        dump(local, to: &dumped)
        dump(secret, to: &dumped)
        for text in [local.description, local.debugDescription, "\(local)", String(reflecting: local), dumped] {
            #expect(!text.contains(localSecret))
        }
        for text in [secret.description, secret.debugDescription, "\(secret)", String(reflecting: secret), dumped] {
            #expect(!text.contains(signingSecret))
        }
        #expect(local.description.contains(local.id))
    }

    @Test("wrap, password-wrap and seal round-trip and keep the key id")
    func wrapping() throws {
        let key = try PASETO.V4.Local.SymmetricKey()
        let secret = try PASETO.V4.Public.SecretKey()
        let wrappingKey = try PASETO.V4.Local.SymmetricKey()
        let cheap = PASETO.PasswordHashing(memoryBytes: 8 << 10, operations: 1)
        #expect(
            try PASETO.V4.Local.SymmetricKey(wrapped: key.wrapped(with: wrappingKey), wrappingKey: wrappingKey) == key
        )
        #expect(
            try PASETO.V4.Public.SecretKey(wrapped: secret.wrapped(with: wrappingKey), wrappingKey: wrappingKey)
                == secret
        )
        let password = Array("correct horse".utf8)
        #expect(
            try PASETO.V4.Local.SymmetricKey(
                passwordWrapped: key.passwordWrapped(password: password, cost: cheap),
                password: password
            ) == key
        )
        #expect(
            try PASETO.V4.Public.SecretKey(
                passwordWrapped: secret.passwordWrapped(password: password, cost: cheap),
                password: password
            ) == secret
        )
        #expect(try PASETO.V4.Local.SymmetricKey(sealed: key.sealed(to: secret.publicKey), recipient: secret) == key)
    }

    @Test("wrapped keys refuse the wrong wrapping key, password or recipient")
    func wrappingRefusals() throws {
        let key = try PASETO.V4.Local.SymmetricKey()
        let wrappingKey = try PASETO.V4.Local.SymmetricKey()
        let otherKey = try PASETO.V4.Local.SymmetricKey()
        let recipient = try PASETO.V4.Public.SecretKey()
        let cheap = PASETO.PasswordHashing(memoryBytes: 8 << 10, operations: 1)
        #expect(
            errorCode {
                try PASETO.V4.Local.SymmetricKey(wrapped: key.wrapped(with: wrappingKey), wrappingKey: otherKey)
            } == .invalidPASERK
        )
        let pw = try key.passwordWrapped(password: Array("a".utf8), cost: cheap)
        #expect(
            errorCode { try PASETO.V4.Local.SymmetricKey(passwordWrapped: pw, password: Array("b".utf8)) }
                == .invalidPASERK
        )
        let sealed = try key.sealed(to: recipient.publicKey)
        #expect(
            errorCode { try PASETO.V4.Local.SymmetricKey(sealed: sealed, recipient: PASETO.V4.Public.SecretKey()) }
                == .invalidPASERK
        )
        let localWrapped = try key.wrapped(with: wrappingKey)
        #expect(
            errorCode { try PASETO.V4.Public.SecretKey(wrapped: localWrapped, wrappingKey: wrappingKey) }
                == .invalidPASERK
        )
    }

    @Test("password-wrapped PASERKs with hostile costs are refused before Argon2 runs")
    func hostileCosts() throws {
        let key = try PASETO.V4.Local.SymmetricKey()
        let cheap = PASETO.PasswordHashing(memoryBytes: 8 << 10, operations: 1)
        let paserk = try key.passwordWrapped(password: Array("pw".utf8), cost: cheap)
        var data = try Base64URL.decode(paserk.dropFirst("k4.local-pw.".count))
        func rewrite(_ edit: (inout [UInt8]) -> Void) -> String {
            var copy = data
            edit(&copy)
            return "k4.local-pw." + Base64URL.encode(copy)
        }
        let hugeMemory = rewrite { $0[16] = 0x7F }
        #expect(
            errorCode { try PASETO.V4.Local.SymmetricKey(passwordWrapped: hugeMemory, password: Array("pw".utf8)) }
                == .unsupportedParameters
        )
        let twoLanes = rewrite { $0[31] = 2 }
        #expect(
            errorCode { try PASETO.V4.Local.SymmetricKey(passwordWrapped: twoLanes, password: Array("pw".utf8)) }
                == .unsupportedParameters
        )
        let ceiling = PASETO.PasswordHashing(memoryBytes: 4 << 10, operations: 1)
        #expect(
            errorCode {
                try PASETO.V4.Local.SymmetricKey(passwordWrapped: paserk, password: Array("pw".utf8), ceiling: ceiling)
            } == .unsupportedParameters
        )
        data[0] ^= 1
        #expect(
            errorCode {
                try PASETO.V4.Local.SymmetricKey(passwordWrapped: rewrite { _ in }, password: Array("pw".utf8))
            } == .invalidPASERK
        )
    }

    @Test("a sealed PASERK with a low-order ephemeral key is refused")
    func lowOrderSeal() throws {
        let recipient = try PASETO.V4.Public.SecretKey()
        let forged = "k4.seal." + Base64URL.encode([UInt8](repeating: 0, count: 96))
        #expect(errorCode { try PASETO.V4.Local.SymmetricKey(sealed: forged, recipient: recipient) } == .invalidPASERK)
    }
}

@Suite("Hardening: secret encoding")
struct SecretEncodingTests {
    @Test("A13: secret PASERKs use libsodium's constant-time base64url and still refuse non-canonical text")
    func constantTimeSecretPASERKs() throws {
        for _ in 0..<64 {
            var generator = SystemRandomNumberGenerator()
            let raw = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let local = try PASETO.V4.Local.SymmetricKey(rawRepresentation: raw)
            let secret = try PASETO.V4.Public.SecretKey()
            // The table-based encoder Tessera uses for public data is the oracle for the text.
            #expect(local.paserk == "k4.local." + Base64URL.encode(raw))
            #expect(try PASETO.V4.Local.SymmetricKey(paserk: local.paserk) == local)
            #expect(try PASETO.V4.Public.SecretKey(paserk: secret.paserk) == secret)
        }
        let key = try PASETO.V4.Local.SymmetricKey(rawRepresentation: [UInt8](repeating: 0, count: 32))
        #expect(key.paserk == "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        for bad in [
            "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB",  // non-zero trailing bits
            "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  // padding
            "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",  // standard alphabet
            "k4.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA A",  // space
            "k4.local.",
        ] {
            #expect(errorCode { try PASETO.V4.Local.SymmetricKey(paserk: bad) } == .invalidPASERK, "\(bad)")
        }
    }

    @Test("review M1: a combining mark or zero-width joiner after the header's dot is not folded away")
    func noSecondSpellingAfterTheHeader() throws {
        let local = try PASETO.V4.Local.SymmetricKey()
        let publicKey = try PASETO.V4.Public.SecretKey().publicKey
        let localData = local.paserk.dropFirst("k4.local.".count)
        let publicData = publicKey.paserk.dropFirst("k4.public.".count)
        for bad in ["k4.local.\u{301}" + localData, "k4.local.\u{200D}" + localData, "k4.local.\u{FE0F}" + localData] {
            #expect(
                errorCode { try PASETO.V4.Local.SymmetricKey(paserk: bad) } == .invalidPASERK,
                "\(bad.unicodeScalars.count)"
            )
        }
        #expect(
            errorCode { try PASETO.V4.Public.PublicKey(paserk: "k4.public.\u{200D}" + publicData) } == .invalidPASERK
        )
        #expect(try PASETO.V4.Public.PublicKey(paserk: "k4.public." + publicData) == publicKey)
    }

    @Test(
        "fuzz finding paserk-high-byte: bytes above 0x7F are never base64url, even where libsodium 1.0.18 decodes them"
    )
    func highBytesRefused() throws {
        // The `paserk` target's input, as found: U+0589 (0xD6 0x89) where a key had "__".
        let found = "k4.local.GDdWdZSz\u{589}EQL05tjKvK6QgnRmWEo8LhAB8-XXybutk"
        #expect(errorCode { try PASETO.V4.Local.SymmetricKey(paserk: found) } == .invalidPASERK)
        #expect(
            try PASETO.V4.Local.SymmetricKey(paserk: "k4.local.GDdWdZSz__EQL05tjKvK6QgnRmWEo8LhAB8-XXybutk").paserk
                .count == 52
        )
        let secret = try PASETO.V4.Public.SecretKey().paserk
        let bent = secret.replacingOccurrences(of: "_", with: "\u{589}")
        if bent != secret {
            #expect(errorCode { try PASETO.V4.Public.SecretKey(paserk: bent) } == .invalidPASERK)
        }
    }
}
