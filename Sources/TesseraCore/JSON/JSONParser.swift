/// A strict RFC 8259 parser for untrusted input.
///
/// Unlike Foundation's parsers it refuses duplicate member names (instead of silently keeping one), refuses invalid
/// UTF-8 and lone surrogate escapes, and enforces ``JSONLimits`` while it reads.
public struct JSONParser: Sendable {
    /// The limits this parser enforces.
    public var limits: JSONLimits

    /// Creates a parser.
    ///
    /// - Parameter limits: The bounds to enforce.
    public init(limits: JSONLimits = .payload) { self.limits = limits }

    /// Parses a complete JSON document.
    ///
    /// - Parameter bytes: UTF-8 JSON text.
    /// - Returns: The value.
    /// - Throws: ``TesseraError/Code/invalidJSON``, ``TesseraError/Code/duplicateJSONMember``,
    ///   ``TesseraError/Code/jsonTooDeep`` or ``TesseraError/Code/jsonTooLarge``.
    public func parse(_ bytes: some Collection<UInt8>) throws(TesseraError) -> JSONValue {
        try withBuffer(bytes) { buffer throws(TesseraError) in try parseBuffer(buffer) }
    }

    /// Runs `body` over `bytes` as one contiguous buffer, after the size limit is checked.
    private func withBuffer<R>(
        _ bytes: some Collection<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) throws(TesseraError) -> R
    ) throws(TesseraError) -> R {
        guard bytes.count <= limits.maxBytes else {
            throw TesseraError(.jsonTooLarge, "JSON of \(bytes.count) bytes exceeds the limit of \(limits.maxBytes)")
        }
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(TesseraError) in
                try body(buffer)
            }
        }
        if let contiguous { return try contiguous.get() }
        let copy = Array(bytes)
        return try copy.withUnsafeBufferPointer { buffer throws(TesseraError) in try body(buffer) }
    }

    /// Parses a document whose top level is an object member by member, without building the object, for a caller
    /// that keeps only what it needs (``ClaimsCodec``). Limits, syntax and the end of the document are checked as
    /// ``parse(_:)`` checks them; refusing repeated names is the caller's job, in `check`.
    ///
    /// - Parameters:
    ///   - bytes: UTF-8 JSON text.
    ///   - check: Called with each member name before its value is read.
    ///   - read: Called with the reader at the value of the member `check` last saw; it must read exactly one value.
    /// - Returns: `false`, having read nothing, when the top level is not an object.
    func parseMembers(
        _ bytes: some Collection<UInt8>,
        check: (MemberName) throws(TesseraError) -> Void,
        read: (inout Reader) throws(TesseraError) -> Void
    ) throws(TesseraError) -> Bool {
        try withBuffer(bytes) { buffer throws(TesseraError) -> Bool in
            var reader = Reader(bytes: buffer, limits: limits)
            reader.skipWhitespace()
            guard reader.index < buffer.count, buffer[reader.index] == UInt8(ascii: "{") else { return false }
            try reader.members(depth: 1, check: check, read: read)
            reader.skipWhitespace()
            guard reader.index == buffer.count else {
                throw TesseraError(.invalidJSON, "unexpected bytes after the JSON value at offset \(reader.index)")
            }
            return true
        }
    }

    /// Parses a JSON object held in a buffer: the same as ``parseObject(_:)``, without generic dispatch (a JWS header
    /// is parsed this way on every verification).
    ///
    /// - Parameter bytes: UTF-8 JSON text.
    /// - Returns: The object.
    /// - Throws: As ``parseObject(_:)``.
    package func parseObject(_ bytes: UnsafeBufferPointer<UInt8>) throws(TesseraError) -> JSONObject {
        guard case .object(let object) = try parse(bytes) else {
            throw TesseraError(.invalidJSON, "the JSON top level must be an object")
        }
        return object
    }

    /// Parses a complete JSON document that must be an object.
    ///
    /// - Parameter bytes: UTF-8 JSON text.
    /// - Returns: The object.
    /// - Throws: As ``parse(_:)``, and ``TesseraError/Code/invalidJSON`` when the top level is not an object.
    public func parseObject(_ bytes: some Collection<UInt8>) throws(TesseraError) -> JSONObject {
        guard case .object(let object) = try parse(bytes) else {
            throw TesseraError(.invalidJSON, "the JSON top level must be an object")
        }
        return object
    }

    private func parseBuffer(_ buffer: UnsafeBufferPointer<UInt8>) throws(TesseraError) -> JSONValue {
        var reader = Reader(bytes: buffer, limits: limits)
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == buffer.count else {
            throw TesseraError(.invalidJSON, "unexpected bytes after the JSON value at offset \(reader.index)")
        }
        return value
    }
}

/// The cursor of one parse; internal so that ``ClaimsCodec`` can read claim values in place.
struct Reader {
    /// Objects up to this size are checked for duplicate names by scanning; larger ones use a set.
    static let linearScanLimit = 16
    /// Room reserved for a top-level object's members up front: registered claims and JOSE headers fit.
    static let typicalMembers = 8

    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONLimits
    var index = 0
    var members = 0

    init(bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    func failure(_ what: String) -> TesseraError {
        TesseraError(.invalidJSON, "\(what) at offset \(index)")
    }

    mutating func value(depth: Int) throws(TesseraError) -> JSONValue {
        guard index < bytes.count else { throw failure("unexpected end of JSON") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try object(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try array(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default: return .number(try number())
        }
    }

    mutating func literal(_ word: StaticString) throws(TesseraError) {
        let count = word.utf8CodeUnitCount
        guard bytes.count - index >= count else { throw failure("invalid literal") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw failure("invalid literal")
        }
        index += count
    }

    mutating func checkDepth(_ depth: Int) throws(TesseraError) {
        guard depth <= min(limits.maxDepth, JSONLimits.depthCeiling) else {
            throw TesseraError(
                .jsonTooDeep,
                "JSON nests deeper than the limit of \(min(limits.maxDepth, JSONLimits.depthCeiling))"
            )
        }
    }

    mutating func object(depth: Int) throws(TesseraError) -> JSONObject {
        var result: [JSONObject.Member] = []
        // One allocation for the members of a typical header or claims set, instead of one per doubling; only at the
        // top level, so that many small nested objects cannot each claim the room.
        if depth == 1 { result.reserveCapacity(Self.typicalMembers) }
        var names = UniqueNames()
        var name = ""
        try members(depth: depth) { member throws(TesseraError) in
            name = member.string
            try names.insert(name, among: result)
        } read: { reader throws(TesseraError) in
            result.append(JSONObject.Member(name: name, value: try reader.value(depth: depth)))
        }
        return JSONObject(uniqueMembers: result)
    }

    /// Reads an object (the reader is at its `{`), calling `check` with each name and then `read` with the reader at
    /// the value, which `read` must consume.
    mutating func members(
        depth: Int,
        check: (MemberName) throws(TesseraError) -> Void,
        read: (inout Reader) throws(TesseraError) -> Void
    ) throws(TesseraError) {
        try checkDepth(depth)
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a member name")
            }
            if let plain = plainASCIIString() {
                try check(MemberName(plain: plain))
            } else {
                try check(MemberName(decoded: try string()))
            }
            members += 1
            guard members <= limits.maxMembers else {
                throw TesseraError(.jsonTooLarge, "JSON has more than \(limits.maxMembers) object members")
            }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            index += 1
            skipWhitespace()
            try read(&self)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw failure("expected ',' or '}'") }
            index += 1
            return
        }
    }

    /// The bytes of a string value that is plain ASCII without escapes, read past; `nil`, reading nothing, for any
    /// other value, which the caller then reads with ``value(depth:)``.
    mutating func plainASCIIString() -> UnsafeBufferPointer<UInt8>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        var end = index + 1
        while end < bytes.count {
            let byte = bytes[end]
            if byte == UInt8(ascii: "\"") {
                let text = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<end])
                index = end + 1
                return text
            }
            guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
            end += 1
        }
        return nil
    }

    mutating func array(depth: Int) throws(TesseraError) -> [JSONValue] {
        try checkDepth(depth)
        index += 1
        var result: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return result
        }
        while true {
            skipWhitespace()
            result.append(try value(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw failure("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw failure("expected ',' or ']'") }
            index += 1
            return result
        }
    }

    mutating func string() throws(TesseraError) -> String {
        index += 1
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw failure("string is not valid UTF-8")
                }
                return text
            }
            if byte == UInt8(ascii: "\\") { return try escapedString(from: start) }
            if byte < 0x20 { throw failure("unescaped control character in string") }
            ascii = ascii && byte < 0x80
            index += 1
        }
        throw failure("unterminated string")
    }

    mutating func escapedString(from start: Int) throws(TesseraError) -> String {
        var scratch = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: scratch, as: UTF8.self) else {
                    throw failure("string is not valid UTF-8")
                }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw failure("unterminated escape") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escape)
                case UInt8(ascii: "b"): scratch.append(0x08)
                case UInt8(ascii: "f"): scratch.append(0x0C)
                case UInt8(ascii: "n"): scratch.append(0x0A)
                case UInt8(ascii: "r"): scratch.append(0x0D)
                case UInt8(ascii: "t"): scratch.append(0x09)
                case UInt8(ascii: "u"): try unicodeEscape(into: &scratch)
                default: throw failure("invalid escape")
                }
            default:
                if byte < 0x20 { throw failure("unescaped control character in string") }
                scratch.append(byte)
                index += 1
            }
        }
        throw failure("unterminated string")
    }

    mutating func hex4() throws(TesseraError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw failure("truncated \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    mutating func unicodeEscape(into scratch: inout [UInt8]) throws(TesseraError) {
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar) {
            guard bytes.count - index >= 2, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw failure("lone high surrogate in \\u escape") }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw failure("invalid surrogate pair in \\u escape") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(scalar) {
            throw failure("lone low surrogate in \\u escape")
        }
        guard let unicode = Unicode.Scalar(scalar) else { throw failure("invalid \\u escape") }
        UTF8.encode(unicode) { scratch.append($0) }
    }

    mutating func number() throws(TesseraError) -> JSONNumber {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw failure("invalid number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[index]) {
            skipDigits()
        } else {
            throw failure("invalid value")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() else { throw failure("invalid number fraction") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            guard skipDigits() else { throw failure("invalid number exponent") }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        return JSONNumber(validatedText: text)
    }

    @discardableResult
    mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index > start
    }
}

/// Refuses a repeated member name: a scan of the members read so far while an object is small, a set once it is large.
struct UniqueNames {
    private var names: Set<ExactString> = []

    /// Throws ``TesseraError/Code/duplicateJSONMember`` when `name` (compared byte for byte) is already among
    /// `members`, which holds every member read so far.
    mutating func insert(_ name: String, among members: [JSONObject.Member]) throws(TesseraError) {
        if members.count == Reader.linearScanLimit { names = Set(members.map { ExactString($0.name) }) }
        let duplicate =
            members.count < Reader.linearScanLimit
            ? members.contains(where: { $0.name.hasSameBytes(as: name) }) : !names.insert(ExactString(name)).inserted
        if duplicate {
            throw TesseraError(.duplicateJSONMember, "JSON object names member \(TesseraError.quoted(name)) twice")
        }
    }
}

/// A member name as read: its bytes while they are plain ASCII without escapes, so that a caller matching known
/// names (``ClaimsCodec``'s registered claims) builds no `String` for them.
struct MemberName {
    /// The name's bytes, valid during the call that receives the name; `nil` when it had escapes or non-ASCII bytes.
    let plain: UnsafeBufferPointer<UInt8>?
    private let decoded: String

    init(plain: UnsafeBufferPointer<UInt8>) {
        self.plain = plain
        self.decoded = ""
    }

    init(decoded: String) {
        self.plain = nil
        self.decoded = decoded
    }

    /// The name as a string.
    var string: String { plain.map { String(decoding: $0, as: UTF8.self) } ?? decoded }
}
