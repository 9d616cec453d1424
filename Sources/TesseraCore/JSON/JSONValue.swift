/// A JSON value as Tessera reads and writes it: numbers keep their exact text, objects keep their member order.
///
/// Strings and member names are equal only when their UTF-8 bytes are (RFC 8259 §8.3), never by Unicode canonical
/// equivalence as Swift's `String ==` would have it.
///
/// Tessera never routes claims through `Any`: custom claims arrive as `JSONValue`, and a verified payload can also
/// be decoded into any `Decodable` type.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, kept as its JSON text so large integers and exact decimals survive.
    case number(JSONNumber)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object.
    case object(JSONObject)

    /// The string, if this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object, if this is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Values are equal when they have the same kind and contents; strings compare byte for byte.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let left), .bool(let right)): left == right
        case (.number(let left), .number(let right)): left.text.hasSameBytes(as: right.text)
        case (.string(let left), .string(let right)): left.hasSameBytes(as: right)
        case (.array(let left), .array(let right)): left == right
        case (.object(let left), .object(let right)): left == right
        default: false
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer number.
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    /// A boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object; later duplicates of a key replace earlier ones.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (name, value) in elements { object[name] = value }
        self = .object(object)
    }
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
}

/// A JSON number, stored as the exact text that appeared in (or will be written to) the JSON.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number's JSON text, e.g. `12`, `-0.5`, `1e400`.
    public let text: String

    /// Wraps already-validated JSON number text.
    init(validatedText: String) { self.text = validatedText }

    /// A number from an integer.
    ///
    /// - Parameter value: The integer.
    public init(_ value: Int) { self.text = String(value) }

    /// A number from a finite double; `nil` for NaN or infinity, which JSON cannot express.
    ///
    /// - Parameter value: The double.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9.007_199_254_740_992e15 {
            self.text = String(Int64(value))
        } else {
            self.text = "\(value)"
        }
    }

    /// The value as a `Double` (may round; `nil` if it overflows to infinity).
    public var doubleValue: Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// The value as an `Int64`, if the text is an integer in range.
    public var int64Value: Int64? { Int64(text) }

    /// The number's JSON text.
    public var description: String { text }
}

/// A JSON object with its members in order and unique names.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// One name–value pair.
    public struct Member: Sendable, Hashable {
        /// The member's name.
        public var name: String
        /// The member's value.
        public var value: JSONValue

        /// Members are equal when their names have the same bytes and their values are equal.
        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.name.hasSameBytes(as: rhs.name) && lhs.value == rhs.value
        }
    }

    /// The members in document order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() { self.members = [] }

    init(uniqueMembers: [Member]) { self.members = uniqueMembers }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The value for a name, matched byte for byte; setting `nil` removes the member, setting a new name appends it.
    public subscript(name: String) -> JSONValue? {
        get { members.first(where: { $0.name.hasSameBytes(as: name) })?.value }
        set {
            let index = members.firstIndex(where: { $0.name.hasSameBytes(as: name) })
            switch (index, newValue) {
            case (let index?, let value?): members[index].value = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append(Member(name: name, value: value))
            case (nil, nil): break
            }
        }
    }

    /// Iterates the members in order.
    public func makeIterator() -> IndexingIterator<[Member]> { members.makeIterator() }

    /// Objects are equal when they have the same names with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        return lhs.members.allSatisfy { rhs[$0.name] == $0.value }
    }

    /// Hashes independently of member order, matching ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        var combined = 0
        for member in members { combined = combined &+ member.hashValue }
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// An object from literal members; a later duplicate name replaces the earlier value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (name, value) in elements { self[name] = value }
    }
}
