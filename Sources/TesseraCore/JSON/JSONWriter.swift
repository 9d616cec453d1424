/// Writes ``JSONValue``s as compact UTF-8 JSON, keeping member order and number text.
public enum JSONWriter: Sendable {
    /// Serialises a value.
    ///
    /// - Parameter value: The value to write.
    /// - Returns: Compact UTF-8 JSON.
    public static func bytes(for value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        write(value, into: &output)
        return output
    }

    /// Appends the compact JSON form of `value` to `output`.
    ///
    /// - Parameters:
    ///   - value: The value to write.
    ///   - output: The buffer to append to.
    public static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number): output.append(contentsOf: number.text.utf8)
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            var first = true
            for member in object {
                writeMember(member.name, member.value, first: first, into: &output)
                first = false
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `"name":value` (preceded by a comma unless `first`) to `output`.
    ///
    /// - Parameters:
    ///   - name: The member name.
    ///   - value: The member value.
    ///   - first: Whether this is the first member of its object.
    ///   - output: The buffer to append to.
    public static func writeMember(_ name: String, _ value: JSONValue, first: Bool, into output: inout [UInt8]) {
        if !first { output.append(UInt8(ascii: ",")) }
        writeString(name, into: &output)
        output.append(UInt8(ascii: ":"))
        write(value, into: &output)
    }

    /// Appends a JSON string literal, escaping quotes, backslashes and control characters.
    ///
    /// - Parameters:
    ///   - text: The string.
    ///   - output: The buffer to append to.
    public static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        defer { output.append(UInt8(ascii: "\"")) }
        // Most strings need no escape: copied in one go.
        let copied = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
                return false
            }
            output.append(contentsOf: bytes)
            return true
        }
        guard copied != true else { return }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0xF)])
            default: output.append(byte)
            }
        }
    }
}
