import TesseraCore

/// `base64url`: the strict decoder and the encoder.
///
/// The whole input is used twice: as text to decode (accepted text must be what encoding its bytes gives), and as
/// bytes to encode (decoding the encoding must give the bytes back, always).
public enum Base64URLHarness {
    /// Runs one input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    public static func run(_ bytes: [UInt8]) {
        let encoded = Base64URL.encode(bytes)
        check(encoded.utf8.count == Base64URL.encodedLength(of: bytes.count), "encode's length is not encodedLength")
        check(
            encoded.utf8.allSatisfy { alphabet.contains($0) },
            "encode wrote a character outside the base64url alphabet"
        )
        do {
            try checkOrThrow(try Base64URL.decode(encoded) == bytes, "decode(encode(bytes)) is not the bytes")
        } catch { mustNotThrow(error, "decoding what encode wrote") }

        let fromBuffer = try? bytes.withUnsafeBufferPointer { buffer throws(TesseraError) in
            try Base64URL.decode(buffer)
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let fromText = try? Base64URL.decode(text)
        if Array(text.utf8) == bytes {
            check(fromBuffer == fromText, "decoding bytes and decoding the same text disagree")
        }
        guard let decoded = fromBuffer else { return }
        check(Base64URL.encode(decoded) == text, "accepted text is not encode(decode(text))")
        check(bytes.count % 4 != 1, "text of \(bytes.count) characters was accepted")
        check(!bytes.contains(UInt8(ascii: "=")), "padded text was accepted")
        check(bytes.allSatisfy { alphabet.contains($0) }, "text outside the base64url alphabet was accepted")
    }

    private static let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}
