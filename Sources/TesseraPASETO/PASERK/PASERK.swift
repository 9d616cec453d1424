import TesseraCore
import TesseraSodium

/// PASERK (Platform-Agnostic Serialized Keys) strings for version 4: `k4.<type>.<base64url data>`.
enum PASERK {
    /// The PASERK types this library reads and writes.
    enum Kind: String, Sendable {
        case local, `public`, secret
        case lid, pid, sid
        case localWrap = "local-wrap.pie"
        case secretWrap = "secret-wrap.pie"
        case localPassword = "local-pw"
        case secretPassword = "secret-pw"
        case seal

        var header: String { "k4.\(rawValue)." }
    }

    /// `k4.<type>.` followed by the base64url of `data`.
    static func serialize(_ kind: Kind, _ data: [UInt8]) -> String {
        data.withUnsafeBytes { serialize(kind, $0) }
    }

    /// `k4.<type>.` followed by the base64url of raw memory, so secret bytes are never copied into an array.
    static func serialize(_ kind: Kind, _ data: UnsafeRawBufferPointer) -> String {
        var output = Array(kind.header.utf8)
        Base64URL.encode(data, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `k4.<type>.` followed by the base64url of secret bytes, encoded in constant time; the temporary bytes are
    /// wiped, so the returned string is the only copy.
    static func serializeSecret(_ kind: Kind, _ secret: UnsafeRawBufferPointer) -> String {
        var output = Array(kind.header.utf8)
        defer { Sodium.wipe(&output) }
        Sodium.appendSecretBase64URL(secret, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The id (`lid`/`sid`) of a secret key, computed over its PASERK bytes without ever making the PASERK a
    /// `String`: the serialised secret lives only in an array that is wiped.
    static func secretIdentifier(
        _ idKind: Kind,
        of kind: Kind,
        secret: UnsafeRawBufferPointer
    ) throws(TesseraError)
        -> String
    {
        var serialized = Array(kind.header.utf8)
        defer { Sodium.wipe(&serialized) }
        Sodium.appendSecretBase64URL(secret, to: &serialized)
        let digest = try Sodium.blake2b(outputLength: 33, key: nil, Array(idKind.header.utf8), serialized)
        return idKind.header + Base64URL.encode(digest)
    }

    /// The data of a PASERK string of the given type, after checking its version, type and (if given) length.
    static func data(of paserk: String, as kind: Kind, length: Int? = nil) throws(TesseraError) -> [UInt8] {
        guard paserk.utf8.starts(with: kind.header.utf8) else {
            let version = paserk.prefix(while: { $0 != "." })
            if version != "k4", version.count <= 4, version.first == "k" {
                throw TesseraError(.invalidPASERK, "PASERK version is \(version); this library reads k4 only")
            }
            throw TesseraError(.invalidPASERK, "expected a \(kind.header)… PASERK, got \(describe(paserk))")
        }
        // Everything after the header, cut by bytes: cutting by Characters would fold a combining mark or a
        // zero-width joiner after the header's dot into the dot's grapheme cluster and drop it, giving the key a
        // second spelling.
        var encoded = Array(paserk.utf8.dropFirst(kind.header.utf8.count))
        defer { Sodium.wipe(&encoded) }
        guard !encoded.contains(UInt8(ascii: ".")) else {
            throw TesseraError(.invalidPASERK, "the \(kind.header) PASERK has more segments than its type allows")
        }
        var data: [UInt8]
        switch kind {
        case .local, .secret:
            // Secret keys are decoded in constant time (no table indexed by secret characters).
            guard let decoded = Sodium.decodeSecretBase64URL(encoded) else {
                throw TesseraError(.invalidPASERK, "the \(kind.header) PASERK's data is not canonical base64url")
            }
            data = decoded
        default:
            do {
                data = try encoded.withUnsafeBufferPointer { characters throws(TesseraError) in
                    try Base64URL.decode(characters)
                }
            } catch {
                throw TesseraError(.invalidPASERK, "the \(kind.header) PASERK's data is not canonical base64url")
            }
        }
        if let length, data.count != length {
            Sodium.wipe(&data)
            throw TesseraError(.invalidPASERK, "a \(kind.header) PASERK holds \(length) bytes, not \(data.count)")
        }
        return data
    }

    /// The PASERK id (`lid`/`pid`/`sid`) of a serialised key: `h ‖ b64u(BLAKE2b-264(h ‖ paserk))`.
    static func identifier(_ kind: Kind, of paserk: String) throws(TesseraError) -> String {
        let header = Array(kind.header.utf8)
        let digest = try Sodium.blake2b(outputLength: 33, key: nil, header, Array(paserk.utf8))
        return kind.header + Base64URL.encode(digest)
    }

    /// The type of a PASERK string (`k4.local`, `k3.secret`, ...), or a placeholder if it does not look like one.
    static func describe(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].count <= 4, parts[1].count <= 16,
            parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }),
            parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") })
        else { return "text that is not a PASERK" }
        return "\(parts[0]).\(parts[1])"
    }
}
