import TesseraCore

/// The decoded segments of a PASETO token whose header was already checked.
struct TokenParts {
    /// The decoded body: `n ‖ c ‖ t` for local, `m ‖ sig` for public.
    let body: [UInt8]
    /// The decoded footer, empty when the token has none.
    let footer: [UInt8]

    /// Splits and decodes `token`, which must start with exactly `header` (e.g. `v4.local.`).
    ///
    /// The token must have one body segment and at most one non-empty footer segment; both must be canonical
    /// base64url. The body must be longer than `minimumBody` bytes.
    static func parse(
        _ token: String,
        header: String,
        minimumBody: Int,
        maximumLength: Int
    ) throws(TesseraError) -> TokenParts {
        try token.withUTF8Bytes { bytes throws(TesseraError) -> TokenParts in
            let headerBytes = header.utf8
            guard bytes.count >= headerBytes.count, bytes.prefix(headerBytes.count).elementsEqual(headerBytes) else {
                throw TesseraError(
                    .wrongHeader,
                    "token header is \(describeHeader(bytes)); this key is \(header.dropLast())"
                )
            }
            guard bytes.count <= maximumLength else {
                throw TesseraError(
                    .jsonTooLarge,
                    "token of \(bytes.count) bytes exceeds the limit of \(maximumLength) bytes"
                )
            }
            let rest = UnsafeBufferPointer(rebasing: bytes[headerBytes.count...])
            let dot = rest.firstIndex(of: UInt8(ascii: "."))
            let bodyText = UnsafeBufferPointer(rebasing: rest[..<(dot ?? rest.endIndex)])
            guard !bodyText.isEmpty else {
                throw TesseraError(.malformedToken, "the token has an empty payload segment")
            }
            var footer: [UInt8] = []
            if let dot {
                let footerText = UnsafeBufferPointer(rebasing: rest[(dot + 1)...])
                guard !footerText.contains(UInt8(ascii: ".")) else {
                    throw TesseraError(.malformedToken, "the token has more than four segments")
                }
                guard !footerText.isEmpty else {
                    throw TesseraError(.malformedToken, "the token ends in an empty footer segment")
                }
                footer = try Base64URL.decode(footerText)
            }
            let body = try Base64URL.decode(bodyText)
            guard body.count > minimumBody else {
                throw TesseraError(.malformedToken, "the token's payload segment is too short (\(body.count) bytes)")
            }
            return TokenParts(body: body, footer: footer)
        }
    }

    /// `header ‖ b64u(body) [‖ "." ‖ b64u(footer)]`, written once into the string's own storage.
    static func serialize(header: String, body: [UInt8], footer: [UInt8]) -> String {
        let footerLength = footer.isEmpty ? 0 : 1 + Base64URL.encodedLength(of: footer.count)
        let length = header.utf8.count + Base64URL.encodedLength(of: body.count) + footerLength
        return String(unsafeUninitializedCapacity: length) { buffer in
            var written = 0
            for byte in header.utf8 {
                buffer[written] = byte
                written += 1
            }
            written += body.withUnsafeBytes {
                Base64URL.encode($0, to: UnsafeMutableBufferPointer(rebasing: buffer[written...]))
            }
            if !footer.isEmpty {
                buffer[written] = UInt8(ascii: ".")
                written += 1
                written += footer.withUnsafeBytes {
                    Base64URL.encode($0, to: UnsafeMutableBufferPointer(rebasing: buffer[written...]))
                }
            }
            return written
        }
    }

    /// A printable description of the header of an unknown token, never echoing more than a short prefix.
    private static func describeHeader(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let segments = bytes.prefix(24).split(
            separator: UInt8(ascii: "."),
            maxSplits: 2,
            omittingEmptySubsequences: false
        )
        let allowed = { (byte: UInt8) in (0x30...0x39).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D }
        guard segments.count >= 3, segments[0].count <= 4, segments[1].count <= 10,
            segments[0].allSatisfy(allowed), segments[1].allSatisfy(allowed)
        else { return "not a PASETO header" }
        return String(decoding: segments[0], as: UTF8.self) + "." + String(decoding: segments[1], as: UTF8.self)
    }
}
