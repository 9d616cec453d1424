import TesseraCore
import Testing

@Suite("Strict base64url")
struct Base64URLTests {
    @Test(
        "RFC 4648 test vectors encode without padding and decode back",
        arguments: [
            ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ]
    )
    func rfc4648(_ plain: String, _ encoded: String) throws {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(try Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test("the URL-safe alphabet is used for bytes 62 and 63")
    func urlSafeAlphabet() throws {
        #expect(Base64URL.encode([0xFB, 0xFF]) == "-_8")
        #expect(try Base64URL.decode("-_8") == [0xFB, 0xFF])
    }

    @Test(
        "non-canonical forms are refused",
        arguments: [
            "Zg==", "Zg=", "Zm9v\n", " Zm9v", "Zm+v", "Zm/v", "Zh", "Zm9", "Z", "Zm9vY", "Zm9v!",
        ]
    )
    func refusesNonCanonical(_ text: String) {
        #expect(throws: TesseraError(.invalidBase64URL, "")) { try Base64URL.decode(text) }
    }

    @Test("a single trailing-bit change is refused (vector 4-F-4's mutation)")
    func trailingBits() throws {
        #expect(try Base64URL.decode("AA") == [0])
        #expect(throws: TesseraError(.invalidBase64URL, "")) { try Base64URL.decode("AB") }
        #expect(throws: TesseraError(.invalidBase64URL, "")) { try Base64URL.decode("AAB") }
    }
}
