import Foundation
import TesseraCore
import TesseraSessions
import Testing

@Suite("Refresh tokens")
struct RefreshTokenTests {
    @Test("The keyed hash is BLAKE2b-256 with the server key (expected value from Python's hashlib)")
    func keyedHash() throws {
        // python3 -c "import hashlib; print(hashlib.blake2b(bytes(range(100,132)), key=bytes(range(32)),
        //             digest_size=32).hexdigest())"
        let key = try RefreshTokenKey(rawRepresentation: Array(0..<32) as [UInt8])
        let token = try RefreshToken(presented: "trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM")
        let hex = try key.hash(token).bytes.map { String(format: "%02x", $0) }.joined()
        #expect(hex == "996a078588602817860c92990597421973cd6c8854a051a715a351a29197d22f")
        #expect(token.value == "trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM")
    }

    @Test("Generated tokens are 256 random bits, distinct, and read back to the same hash")
    func generated() throws {
        let key = try RefreshTokenKey.generate()
        let tokens = try (0..<100).map { _ in try RefreshToken.generate() }
        #expect(Set(tokens.map(\.value)).count == 100)
        for token in tokens {
            #expect(token.value.utf8.count == 4 + 43)
            #expect(try key.hash(RefreshToken(presented: token.value)) == key.hash(token))
        }
    }

    @Test(
        "Other spellings and other shapes are refused before any store is asked",
        arguments: [
            "", "trt_", "trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoN",  // non-zero trailing bits
            "trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM=", "TRT_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM",
            "trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+f4CBgoM", "trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgo",
            " trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBgoM", "trt_ZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1-f4CBg\u{589}",
        ]
    )
    func refused(text: String) {
        #expect(throws: TesseraError(.refreshTokenInvalid, "")) { try RefreshToken(presented: text) }
    }

    @Test("Tokens and keys never print their secret")
    func redacted() throws {
        let token = try RefreshToken.generate()
        let keyBytes: [UInt8] = Array(200..<232)
        let key = try RefreshTokenKey(rawRepresentation: keyBytes)
        var dumped = ""
        dump(token, to: &dumped)
        dump(key, to: &dumped)
        let keyTexts = ["200", "c8c9", "yMnKy8zN"]  // a byte, hex and base64 of the key's first bytes
        for text in [String(describing: token), String(reflecting: token), "\(key)", String(reflecting: key), dumped] {
            #expect(!text.contains(token.value.dropFirst(4)))
            for keyText in keyTexts { #expect(!text.contains(keyText), "\(text)") }
        }
        #expect(throws: TesseraError(.invalidKey, "")) {
            try RefreshTokenKey(rawRepresentation: [UInt8](repeating: 1, count: 31))
        }
    }
}

@Suite("Session policy")
struct SessionPolicyTests {
    @Test("Defaults are 10 minutes, 14 days idle, 30 days absolute")
    func defaults() {
        let policy = SessionPolicy()
        #expect(policy.accessTokenLifetime == 600)
        #expect(policy.idleLifetime == 14 * 86_400)
        #expect(policy.absoluteLifetime == 30 * 86_400)
    }

    @Test(
        "Unusable lifetimes are configuration errors",
        arguments: [
            (Double.nan, 1.0, 2.0), (0, 1, 2), (-1, 1, 2), (90_000, 1, 2), (1, 3, 2), (1, .infinity, .infinity),
            (1, 1, 400 * 86_400), (1, 0, 2),
        ]
    )
    func unusable(lifetimes: (Double, Double, Double)) {
        #expect(throws: TesseraError(.invalidConfiguration, "")) {
            try SessionPolicy(
                accessTokenLifetime: lifetimes.0,
                idleLifetime: lifetimes.1,
                absoluteLifetime: lifetimes.2
            )
        }
    }
}
