/// Strict, canonical base64url without padding (RFC 4648 §5), as PASETO, PASERK and JWS require.
///
/// Decoding accepts exactly one spelling per byte string: no `=` padding, no `+` or `/`, no white space, and the
/// unused low bits of the last character must be zero. Every other spelling is refused, so a token string has a
/// single form that caches and revocation lists can key on.
public enum Base64URL: Sendable {
    private static let alphabet: [UInt8] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8
    )

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, character) in alphabet.enumerated() { table[Int(character)] = UInt8(index) }
        return table
    }()

    /// The length of the encoding of `count` bytes.
    ///
    /// - Parameter count: The number of bytes to encode.
    /// - Returns: The number of characters `encode` produces, or `Int.max` when that does not fit in an `Int` (so
    ///   that limits computed from configured sizes saturate instead of trapping).
    public static func encodedLength(of count: Int) -> Int {
        guard count >= 0 else { return 0 }
        guard count <= (Int.max - 2) / 4 else { return Int.max }
        return (count * 4 + 2) / 3
    }

    /// Encodes bytes as unpadded base64url text.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The base64url string.
    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        encode(bytes, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Encodes a byte sequence as unpadded base64url text.
    ///
    /// - Parameter bytes: The bytes to encode.
    /// - Returns: The base64url string.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String { encode(Array(bytes)) }

    /// Appends the unpadded base64url encoding of `bytes` to `output`.
    ///
    /// - Parameters:
    ///   - bytes: The bytes to encode.
    ///   - output: The buffer to append ASCII characters to.
    public static func encode(_ bytes: [UInt8], into output: inout [UInt8]) {
        bytes.withUnsafeBytes { encode($0, into: &output) }
    }

    /// Appends the unpadded base64url encoding of raw memory to `output` (no intermediate copy, for secrets).
    ///
    /// - Parameters:
    ///   - bytes: The bytes to encode.
    ///   - output: The buffer to append ASCII characters to.
    public static func encode(_ bytes: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: encodedLength(of: bytes.count)))
        output.withUnsafeMutableBufferPointer { buffer in
            _ = encode(bytes, to: UnsafeMutableBufferPointer(rebasing: buffer[start...]))
        }
    }

    /// Writes the unpadded base64url encoding of `bytes` to the start of `buffer`, which must have room for
    /// ``encodedLength(of:)`` characters, and returns the number written (for building a `String` in place).
    package static func encode(_ bytes: UnsafeRawBufferPointer, to buffer: UnsafeMutableBufferPointer<UInt8>) -> Int {
        let length = encodedLength(of: bytes.count)
        precondition(buffer.count >= length, "base64url output buffer too small")
        alphabet.withUnsafeBufferPointer { table in
            var read = 0
            var written = 0
            while read + 3 <= bytes.count {
                let value = UInt32(bytes[read]) << 16 | UInt32(bytes[read + 1]) << 8 | UInt32(bytes[read + 2])
                buffer[written] = table[Int(value >> 18 & 0x3F)]
                buffer[written + 1] = table[Int(value >> 12 & 0x3F)]
                buffer[written + 2] = table[Int(value >> 6 & 0x3F)]
                buffer[written + 3] = table[Int(value & 0x3F)]
                read += 3
                written += 4
            }
            switch bytes.count - read {
            case 1:
                let value = UInt32(bytes[read])
                buffer[written] = table[Int(value >> 2)]
                buffer[written + 1] = table[Int(value << 4 & 0x3F)]
            case 2:
                let value = UInt32(bytes[read]) << 8 | UInt32(bytes[read + 1])
                buffer[written] = table[Int(value >> 10 & 0x3F)]
                buffer[written + 1] = table[Int(value >> 4 & 0x3F)]
                buffer[written + 2] = table[Int(value << 2 & 0x3F)]
            default:
                break
            }
        }
        return length
    }

    /// Decodes canonical unpadded base64url text.
    ///
    /// - Parameter text: The base64url characters.
    /// - Returns: The decoded bytes.
    /// - Throws: ``TesseraError/Code/invalidBase64URL`` for padding, characters outside the URL-safe alphabet,
    ///   an impossible length, or non-zero trailing bits.
    public static func decode(_ text: some StringProtocol) throws(TesseraError) -> [UInt8] {
        try String(text).withUTF8Bytes { utf8 throws(TesseraError) in try decode(utf8) }
    }

    /// Decodes canonical unpadded base64url from ASCII bytes.
    ///
    /// - Parameter characters: The base64url characters as bytes.
    /// - Returns: The decoded bytes.
    /// - Throws: ``TesseraError/Code/invalidBase64URL`` as ``decode(_:)-(StringProtocol)`` does.
    public static func decode(_ characters: UnsafeBufferPointer<UInt8>) throws(TesseraError) -> [UInt8] {
        let outputCount = try decodedLength(of: characters.count)
        var ok = true
        let output = [UInt8](unsafeUninitializedCapacity: outputCount) { out, initialized in
            out.initialize(repeating: 0)
            initialized = outputCount
            ok = decode(characters, to: out)
        }
        guard ok else { throw notCanonical() }
        return output
    }

    /// Decodes canonical unpadded base64url into a temporary buffer that lives only while `body` runs, for bytes that
    /// are read once (a JWS header) and need no array of their own.
    ///
    /// - Parameters:
    ///   - characters: The base64url characters as bytes.
    ///   - body: Receives the decoded bytes.
    /// - Returns: What `body` returns.
    /// - Throws: ``TesseraError/Code/invalidBase64URL`` as ``decode(_:)-(UnsafeBufferPointer<UInt8>)`` does, or what
    ///   `body` throws.
    @inlinable
    package static func withDecoded<R>(
        _ characters: UnsafeBufferPointer<UInt8>,
        _ body: (UnsafeBufferPointer<UInt8>) throws(TesseraError) -> R
    ) throws(TesseraError) -> R {
        let outputCount = try decodedLength(of: characters.count)
        return try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: outputCount) {
            buffer throws(TesseraError) -> R in
            buffer.initialize(repeating: 0)
            guard decode(characters, to: buffer) else { throw notCanonical() }
            return try body(UnsafeBufferPointer(buffer))
        }
    }

    /// The number of bytes `count` base64url characters decode to.
    @usableFromInline
    static func decodedLength(of count: Int) throws(TesseraError) -> Int {
        let remainder = count % 4
        guard remainder != 1 else {
            throw TesseraError(.invalidBase64URL, "base64url text of \(count) characters cannot be decoded")
        }
        return count / 4 * 3 + max(remainder - 1, 0)
    }

    @usableFromInline
    static func notCanonical() -> TesseraError {
        TesseraError(
            .invalidBase64URL,
            "text is not canonical unpadded base64url (padding, characters outside A-Z a-z 0-9 - _, or non-zero trailing bits)"
        )
    }

    /// Decodes `characters` into `out`, which holds exactly their decoded length; `false` when they are not canonical.
    @usableFromInline
    static func decode(
        _ characters: UnsafeBufferPointer<UInt8>,
        to out: UnsafeMutableBufferPointer<UInt8>
    )
        -> Bool
    {
        let count = characters.count
        let remainder = count % 4
        return decodeTable.withUnsafeBufferPointer { table -> Bool in
            var index = 0
            var written = 0
            let whole = count - remainder
            while index < whole {
                let a = table[Int(characters[index])]
                let b = table[Int(characters[index + 1])]
                let c = table[Int(characters[index + 2])]
                let d = table[Int(characters[index + 3])]
                if (a | b | c | d) & 0xC0 != 0 { return false }
                out[written] = a << 2 | b >> 4
                out[written + 1] = b << 4 | c >> 2
                out[written + 2] = c << 6 | d
                index += 4
                written += 3
            }
            if remainder == 2 {
                let a = table[Int(characters[index])]
                let b = table[Int(characters[index + 1])]
                if (a | b) & 0xC0 != 0 || b & 0x0F != 0 { return false }
                out[written] = a << 2 | b >> 4
            } else if remainder == 3 {
                let a = table[Int(characters[index])]
                let b = table[Int(characters[index + 1])]
                let c = table[Int(characters[index + 2])]
                if (a | b | c) & 0xC0 != 0 || c & 0x03 != 0 { return false }
                out[written] = a << 2 | b >> 4
                out[written + 1] = b << 4 | c >> 2
            }
            return true
        }
    }
}
