import PropertyBased
import TesseraCore
import Testing

@testable import TesseraPASETO

@Suite("Encoding properties", .shrinking)
struct EncodingProperties {
    /// Reads a PAE encoding back into its pieces; `nil` if the bytes are not exactly one encoding.
    static func decodePAE(_ bytes: [UInt8]) -> [[UInt8]]? {
        func le64(_ offset: Int) -> Int? {
            guard offset + 8 <= bytes.count else { return nil }
            let value = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * UInt64($1)) }
            return value < UInt64(Int.max) ? Int(value) : nil
        }
        guard let count = le64(0) else { return nil }
        var offset = 8
        var pieces: [[UInt8]] = []
        for _ in 0..<count {
            guard let length = le64(offset), offset + 8 + length <= bytes.count else { return nil }
            pieces.append(Array(bytes[(offset + 8)..<(offset + 8 + length)]))
            offset += 8 + length
        }
        return offset == bytes.count ? pieces : nil
    }

    @Test("PAE is injective: every encoding decodes to exactly its pieces")
    func paeInjective() async {
        await checkProperty(count: 300, input: Generators.bytes.array(of: 0...6), Generators.bytes.array(of: 0...6)) {
            first,
            second in
            let a = PAE.encode(first.map { $0[...] })
            let b = PAE.encode(second.map { $0[...] })
            #expect(Self.decodePAE(a) == first)
            #expect((a == b) == (first == second))
        }
    }

    @Test("PAE matches the spec's examples")
    func paeExamples() {
        #expect(PAE.encode([]) == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(PAE.encode([[]]) == [1, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(
            PAE.encode([Array("test".utf8)[...]]) == [1, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0]
                + Array("test".utf8)
        )
    }

    @Test("base64url round-trips any bytes with no padding and URL-safe characters only")
    func base64RoundTrip() async {
        await checkProperty(count: 500, input: Gen<UInt8>.value().array(of: 0...100)) { bytes in
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            let decoded = try Base64URL.decode(text)
            #expect(decoded == bytes)
        }
    }

    @Test("base64url rejects every non-canonical spelling")
    func base64RejectsNonCanonical() async {
        let intruders: [Character] = ["=", "+", "/", " ", "\n", "!", ".", "\u{00E9}"]
        await checkProperty(
            count: 500,
            input: Gen<UInt8>.value().array(of: 1...60),
            Gen<Int>.value(in: 0...1000),
            Gen<Int>.value(in: 0...(intruders.count - 1)),
            Gen<UInt8>.value(in: 1...15)
        ) { bytes, position, intruder, bits in
            let text = Base64URL.encode(bytes)
            var inserted = Array(text)
            inserted.insert(intruders[intruder], at: position % (inserted.count + 1))
            #expect(throws: TesseraError(.invalidBase64URL, "")) { try Base64URL.decode(String(inserted)) }
            #expect(throws: TesseraError(.invalidBase64URL, "")) { try Base64URL.decode(text + "=") }
            let unusedBits = bytes.count % 3 == 1 ? 4 : (bytes.count % 3 == 2 ? 2 : 0)
            if unusedBits > 0 {
                let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
                var characters = Array(text)
                let last = characters.count - 1
                let value = alphabet.firstIndex(of: characters[last]) ?? 0
                let mask = (1 << unusedBits) - 1
                characters[last] = alphabet[value | (Int(bits) & mask == 0 ? 1 : Int(bits) & mask)]
                #expect(throws: TesseraError(.invalidBase64URL, "")) { try Base64URL.decode(String(characters)) }
            }
        }
    }
}
