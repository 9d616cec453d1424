import Testing

@testable import TesseraCore

@Suite("Strict JSON parser")
struct JSONParserTests {
    let parser = JSONParser()

    func parse(_ text: String) throws -> JSONValue { try parser.parse(Array(text.utf8)) }

    @Test("values of every kind parse, numbers keep their text")
    func parsesValues() throws {
        let value = try parse(
            #"{"a":[1,-2.5e3,true,false,null,"x\u00e9\ud83d\ude00\n"],"b":{},"big":123456789012345678901234567890}"#
        )
        guard case .object(let object) = value else {
            Issue.record("not an object")
            return
        }
        if case .array(let items) = object["a"] {
            #expect(items.count == 6)
            #expect(items[1] == .number(JSONNumber(validatedText: "-2.5e3")))
            #expect(items[5] == .string("xé😀\n"))
        } else {
            Issue.record("a is not an array")
        }
        #expect(object["big"] == .number(JSONNumber(validatedText: "123456789012345678901234567890")))
        #expect(object["b"] == .object(JSONObject()))
    }

    @Test(
        "duplicate member names are refused, also when spelled with escapes",
        arguments: [
            #"{"a":1,"a":2}"#, #"{"a":1,"\u0061":2}"#, #"{"x":{"b":1,"b":1}}"#,
            "{" + (0..<20).map { #""k\#($0)":0"# }.joined(separator: ",") + #","k3":1}"#,
        ]
    )
    func duplicates(_ text: String) {
        #expect(throws: TesseraError(.duplicateJSONMember, "")) { try parse(text) }
    }

    @Test(
        "malformed JSON is refused",
        arguments: [
            "", "{", "{\"a\"}", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", "-", "tru", "\"\u{01}\"", "\"\\x\"",
            "\"\\ud800\"", "\"\\udc00\"", "{} {}", "'a'", "NaN", "1e", "{\"a\" 1}",
        ]
    )
    func malformed(_ text: String) {
        #expect(throws: TesseraError(.invalidJSON, "")) { try parse(text) }
    }

    @Test("invalid UTF-8 in strings is refused")
    func invalidUTF8() {
        #expect(throws: TesseraError(.invalidJSON, "")) { try parser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: TesseraError(.invalidJSON, "")) { try parser.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22]) }
    }

    @Test("depth, size and member limits are enforced")
    func limits() {
        let tight = JSONParser(limits: JSONLimits(maxBytes: 64, maxDepth: 2, maxMembers: 3))
        #expect(throws: TesseraError(.jsonTooDeep, "")) { try tight.parse(Array(#"{"a":{"b":{}}}"#.utf8)) }
        #expect(throws: TesseraError(.jsonTooDeep, "")) { try tight.parse(Array("[[[]]]".utf8)) }
        #expect(throws: TesseraError(.jsonTooLarge, "")) {
            try tight.parse(Array(repeating: UInt8(ascii: " "), count: 65))
        }
        #expect(throws: TesseraError(.jsonTooLarge, "")) { try tight.parse(Array(#"{"a":1,"b":2,"c":3,"d":4}"#.utf8)) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: TesseraError(.jsonTooLarge, "")) { try JSONParser().parse(Array(deep.utf8)) }
        let deepButSmall = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(throws: TesseraError(.jsonTooDeep, "")) { try JSONParser().parse(Array(deepButSmall.utf8)) }
    }

    @Test("the writer round-trips through the parser and escapes control characters")
    func writerRoundTrip() throws {
        var object = JSONObject()
        object["q\"\\"] = "line\nbreak\u{01}\t"
        object["n"] = .number(JSONNumber(validatedText: "1e400"))
        object["a"] = [nil, true, ["x": 1]]
        let bytes = JSONWriter.bytes(for: .object(object))
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"q\"\\":"line\nbreak\u0001\t","n":1e400,"a":[null,true,{"x":1}]}"#
        )
        #expect(try parser.parse(bytes) == .object(object))
    }
}
