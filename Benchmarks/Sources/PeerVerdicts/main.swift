import Foundation
import JWTKit
import TesseraCore
import TesseraJWS
import TesseraPASETO

// The attack gallery of `tessera compare`, plus the header and malleability probes of its format facts, replayed
// against Tessera, vapor/jwt-kit and (with --python) PyJWT, joserfc and pyseto. Each library verifies the way its
// documentation tells an application to: pinned to the format's one algorithm and key, default claim checks.
//
// Usage: PeerVerdicts [--python PYTHON] [--script PATH] [--markdown FILE]
//   --python   an interpreter with pyjwt, joserfc and pyseto installed; without it the Python columns are left out
//   --script   the Python side (default: Interop/peer_verdicts.py beside this package's Sources)
//   --markdown also write the "## Peer verdicts" section to FILE
// Prints the section's markdown table on stdout. Exits 1 when Tessera's verdict differs from the one expected of it
// (it refuses a valid token, accepts an attack other than the documented ECDSA second spelling, ...); exits 2 when the
// harness itself fails (a key that does not load, the Python side failing); exits 3 when a library refuses a format's
// valid control token, whose column for that format then reads "harness error: control refused (…)" instead of
// verdicts that would only echo the harness's mistake.

/// One library's answer to one token.
struct Verdict: Codable {
    /// Whether the library returned the claims.
    let accepted: Bool
    /// Why it refused: an error code or the error's first line.
    let reason: String
    /// The `sub` the library returned, when it accepted (tells which of two duplicate `sub` members won).
    var subject: String? = nil
}

/// Who could have made a case's token, which decides what accepting it means.
enum Kind: String, Codable {
    /// The valid token: every library must accept it, or its column for the format is a harness error.
    case control
    /// Made by anyone without the key (or replayed by anyone who captured a token): accepting it is an attack that
    /// got through, shown as **ACCEPTED**.
    case forgery = "outsider: forgery"
    /// Another spelling of a valid token that anyone can derive from it: **ACCEPTED** unless the format allows it.
    case malleation = "outsider: malleation"
    /// Replayed by anyone who captured a valid token after it expired.
    case replay = "outsider: replay"
    /// Only the key holder (the issuer) can make it: accepting it is parsing or policy, not a forgery, and is shown
    /// as what the library did (e.g. "no size limit"), never as **ACCEPTED**, unless an RFC requires a refusal.
    case issuer = "issuer-side: parsing/policy"
}

/// Claims whose `exp` and `sub` the gallery's payload-changing cases rely on.
enum GalleryClaims {
    /// The subject every valid token carries; "one payload byte changed" flips a byte inside it.
    static let subject = "user-42"
    /// The offset, in the claims JSON of ``claims(jose:expiresIn:extra:)``, of the byte that case flips: the `4` of
    /// `user-42`, which becomes `5`, so the JSON stays valid and only the signature or tag can refuse it.
    static var changedByte: Int {
        let text = Array(claims(jose: true, expiresIn: 0))
        let needle = Array(subject.utf8)
        let start = text.indices.first { text[$0...].starts(with: needle) } ?? 0
        return start + 5
    }
}

/// One token of the gallery, with the key a correctly configured verifier holds.
struct Case: Codable {
    /// A JWS algorithm, or `v4.local` / `v4.public`.
    let format: String
    /// What was done to the token.
    let attack: String
    /// Who could have made the token.
    let kind: Kind
    /// The token sent.
    let token: String
    /// The verifier's key: a JWK as JSON text (JWS), or a PASERK (PASETO).
    let key: String
    /// Whether a correct verifier accepts the token (the valid control, and the ECDSA second spelling JOSE allows).
    let acceptable: Bool
    /// For an issuer-side case: what accepting it means, shown instead of **ACCEPTED** (e.g. "no size limit").
    let acceptedAs: String?
    /// Whether an accepted verdict is shown with the `sub` the library returned (the duplicate-claim case).
    let showsSubject: Bool
    /// Whether Tessera, as configured here (one key, default rules), is expected to accept the token; `nil` where
    /// either answer is a policy (a `kid` hint under one key: refused for an HMAC key, a hint for the others).
    let tesseraAccepts: Bool?
}

/// A case before its format and key are attached.
struct Probe {
    let attack: String
    let kind: Kind
    let token: String
    var acceptable = false
    var acceptedAs: String? = nil
    var showsSubject = false
    /// `nil`: Tessera is expected to accept exactly what is `acceptable`.
    var tesseraAccepts: Bool? = nil
    /// Whether Tessera's verdict is a policy either way, not checked.
    var unjudged = false

    func attaching(format: String, key: String) -> Case {
        Case(
            format: format,
            attack: attack,
            kind: kind,
            token: token,
            key: key,
            acceptable: acceptable,
            acceptedAs: acceptedAs,
            showsSubject: showsSubject,
            tesseraAccepts: unjudged ? nil : tesseraAccepts ?? acceptable
        )
    }
}

/// The JWS formats replayed: one per key family.
let joseFormats: [JWS.Algorithm] = [.hs256, .rs256, .es256, .eddsa]
/// The instant every token's `exp` is counted from, in seconds since 1970.
let now = Int(Date().timeIntervalSince1970)
/// The P-256 group order, big-endian: `s → n − s` gives ES256's second spelling.
let p256Order: [UInt8] = [
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
]

/// The JWS compact serialisation of `payload` under the header `header`, signed by `key`.
func sign(_ header: JSONObject, _ payload: [UInt8], with key: some JWSSigningKey) throws -> String {
    var input = Array(Base64URL.encode(JSONWriter.bytes(for: .object(header))).utf8)
    input.append(UInt8(ascii: "."))
    Base64URL.encode(payload, into: &input)
    return String(decoding: input, as: UTF8.self) + "." + Base64URL.encode(try key.signature(for: input))
}

/// `r ‖ (n − s)` for a P-256 signature `r ‖ s`.
func negatingS(_ signature: [UInt8]) -> [UInt8] {
    var s = Array(signature[32...])
    var borrow = 0
    for index in s.indices.reversed() {
        var difference = Int(p256Order[index]) - Int(s[index]) - borrow
        borrow = difference < 0 ? 1 : 0
        if difference < 0 { difference += 256 }
        s[index] = UInt8(difference)
    }
    return Array(signature[..<32]) + s
}

/// The Ed25519 group order `L`, little-endian as RFC 8032 encodes `S`.
let ed25519Order: [UInt8] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
]

/// `R ‖ (S + L)` for an Ed25519 signature `R ‖ S`: the same equation holds, only RFC 8032's `S < L` check refuses it.
func addingOrder(_ signature: [UInt8]) -> [UInt8] {
    var carry = 0
    var sum = Array(signature[32...])
    for index in sum.indices {
        let total = Int(sum[index]) + Int(ed25519Order[index]) + carry
        sum[index] = UInt8(truncatingIfNeeded: total)
        carry = total >> 8
    }
    return Array(signature[..<32]) + sum
}

/// The last segment of `token` with the unused low bits of its last base64url character set, or `nil` when the
/// segment ends on a whole 3-byte group (it has no unused bits).
func nonCanonical(_ token: String) -> String? {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    var segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard let text = segments.last, text.utf8.count % 4 != 0, let last = text.utf8.last,
        let value = alphabet.firstIndex(of: last)
    else { return nil }
    segments[segments.count - 1] = String(text.dropLast()) + String(decoding: [alphabet[value | 1]], as: UTF8.self)
    return segments.joined(separator: ".")
}

/// The token with the last segment's bytes replaced by `transform` of them, re-encoded canonically.
func transformingLast(_ token: String, _ transform: ([UInt8]) -> [UInt8]) throws -> String {
    var segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    segments[segments.count - 1] = Base64URL.encode(transform(try Base64URL.decode(segments[segments.count - 1])))
    return segments.joined(separator: ".")
}

/// The bytes with the last one's lowest bit flipped.
func flippingLastBit(_ bytes: [UInt8]) -> [UInt8] {
    var bytes = bytes
    bytes[bytes.count - 1] ^= 0x01
    return bytes
}

/// The token with one byte of segment `index` changed and the segment re-encoded canonically.
func changingByte(_ token: String, segment index: Int, at position: Int) -> String {
    var segments = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard var bytes = try? Base64URL.decode(segments[index]), bytes.count > position else { return token }
    bytes[position] ^= 0x01
    segments[index] = Base64URL.encode(bytes)
    return segments.joined(separator: ".")
}

/// Claims JSON with `exp` in `seconds` from now, in the format's date form, and `extra` members appended verbatim.
func claims(jose: Bool, expiresIn seconds: Int, extra: String = "") -> [UInt8] {
    let expiry =
        jose
        ? "\(now + seconds)"
        : "\"\((try? RFC3339.string(from: Date(timeIntervalSince1970: Double(now + seconds)))) ?? "")\""
    return Array(#"{"sub":"user-42","exp":\#(expiry)\#(extra)}"#.utf8)
}

/// A validly signed claims object of about 1 MB.
let oversized = #","pad":"\#(String(repeating: "A", count: 1 << 20))""#

/// The issuer-side cases: tokens only the key holder can make, whose acceptance is parsing or policy.
func issuerCases(jose: Bool, make: ([UInt8]) throws -> String) throws -> [Probe] {
    [
        Probe(
            attack: "duplicate claim (sub twice, \"admin\" last)",
            kind: .issuer,
            token: try make(claims(jose: jose, expiresIn: 600, extra: #","sub":"admin""#)),
            acceptedAs: "accepted",
            showsSubject: true
        ),
        Probe(
            attack: "1 MB token, validly signed",
            kind: .issuer,
            token: try make(claims(jose: jose, expiresIn: 600, extra: oversized)),
            acceptedAs: "no size limit"
        ),
    ]
}

/// The outsider's cases that change the last segment (signature, or PASETO body ending in the tag or signature) of
/// `valid` and of the 1 MB token `large`: a flipped bit, `S + L` for Ed25519, a non-canonical base64url spelling.
func malleations(_ valid: String, large: String, ed25519: Bool, bit: String) throws -> [Probe] {
    var probes = [
        Probe(attack: "one \(bit) bit flipped", kind: .forgery, token: try transformingLast(valid, flippingLastBit)),
        Probe(
            attack: "1 MB token, \(bit) bit flipped (an outsider's)",
            kind: .forgery,
            token: try transformingLast(large, flippingLastBit)
        ),
    ]
    if ed25519 {
        probes.append(
            Probe(
                attack: "Ed25519 S → S + L (RFC 8032 requires S < L)",
                kind: .malleation,
                token: try transformingLast(valid) { bytes in
                    Array(bytes.dropLast(64)) + addingOrder(Array(bytes.suffix(64)))
                }
            )
        )
    }
    if let respelled = nonCanonical(valid) {
        probes.append(
            Probe(
                attack: "non-canonical base64url (unused bits set in the last segment)",
                kind: .malleation,
                token: respelled,
                acceptedAs: "accepted: a second spelling (RFC 4648 §3.5 lets decoders refuse)"
            )
        )
    }
    return probes
}

/// The gallery for one JWS algorithm. `confusion` is the verifier's public key as an attacker would use it for an
/// HMAC secret, labelled by its encoding.
func joseCases<Key: JWSSigningKey>(
    _ key: Key,
    other: Key,
    confusion: (label: String, secret: [UInt8])?
) throws -> [Case] {
    let name = key.algorithm.name
    let verificationJWK = String(decoding: JSONWriter.bytes(for: .object(try key.verificationKey.jwk())), as: UTF8.self)
    let header: JSONObject = ["alg": .string(name), "typ": "JWT", "kid": .string(key.keyID ?? "")]
    let valid = try sign(header, claims(jose: true, expiresIn: 600), with: key)
    let segments = valid.split(separator: ".").map(String.init)
    var swapped = header
    swapped["alg"] = .string(name.utf8.elementsEqual("HS256".utf8) ? "HS512" : "HS256")
    var probes = [
        Probe(attack: "valid token (control)", kind: .control, token: valid, acceptable: true),
        Probe(
            attack: "unsigned (alg none)",
            kind: .forgery,
            token: Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + ".\(segments[1])."
        ),
        Probe(
            attack: "header names another algorithm",
            kind: .forgery,
            token: Base64URL.encode(JSONWriter.bytes(for: .object(swapped))) + ".\(segments[1]).\(segments[2])"
        ),
    ]
    if let confusion {
        var confused = header
        confused["alg"] = "HS256"
        let hmac = try JWS.HMACKey(algorithm: .hs256, secret: confusion.secret, keyID: key.keyID)
        probes.append(
            Probe(
                attack: "public key (\(confusion.label)) used as HMAC secret",
                kind: .forgery,
                token: try sign(confused, claims(jose: true, expiresIn: 600), with: hmac)
            )
        )
    }
    let large = try sign(header, claims(jose: true, expiresIn: 600, extra: oversized), with: key)
    probes += [
        Probe(
            attack: "one payload byte changed (user-42 → user-52)",
            kind: .forgery,
            token: changingByte(valid, segment: 1, at: GalleryClaims.changedByte)
        ),
        Probe(
            attack: "signed by another key",
            kind: .forgery,
            token: try sign(header, claims(jose: true, expiresIn: 600), with: other)
        ),
        Probe(attack: "expired", kind: .replay, token: try sign(header, claims(jose: true, expiresIn: -60), with: key)),
        Probe(attack: "padding added", kind: .malleation, token: valid + "="),
        Probe(attack: "extra segment", kind: .forgery, token: valid + ".e30"),
    ]
    probes += try issuerCases(jose: true) { try sign(header, $0, with: key) }
    probes += try malleations(valid, large: large, ed25519: key.algorithm == .eddsa, bit: "signature")
    if key.algorithm == .es256 {
        let signature = try Base64URL.decode(segments[2])
        probes.append(
            Probe(
                attack: "ECDSA second spelling (s → n − s)",
                kind: .malleation,
                token: "\(segments[0]).\(segments[1])." + Base64URL.encode(negatingS(signature)),
                acceptable: true
            )
        )
    }
    let attackerSigned: [(String, String, JSONValue)] = [
        ("jku to the attacker's keys, attacker-signed", "jku", "https://attacker.example/jwks.json"),
        ("attacker's jwk embedded, attacker-signed", "jwk", .object(try other.verificationKey.jwk())),
        ("x5u to the attacker's cert, attacker-signed", "x5u", "https://attacker.example/cert.pem"),
        ("kid names the attacker's key, attacker-signed", "kid", .string(try other.verificationKey.thumbprint())),
    ]
    for (attack, field, value) in attackerSigned {
        var attacker = header
        attacker[field] = value
        probes.append(
            Probe(
                attack: attack,
                kind: .forgery,
                token: try sign(attacker, claims(jose: true, expiresIn: 600), with: other)
            )
        )
    }
    // Header fields only the key holder can sign: what the library makes of them.
    var hinted = header
    hinted["kid"] = .string(try other.verificationKey.thumbprint())
    var critical = header
    critical["crit"] = .array(["tessera-probe"])
    critical["tessera-probe"] = true
    var zipped = header
    zipped["zip"] = "DEF"
    var unencoded = header
    unencoded["b64"] = false
    let ownSigned: [(String, JSONObject, acceptedAs: String, tessera: Bool?)] = [
        ("kid names another key, signed by the verifier's key", hinted, "kid ignored (one key)", nil),
        ("crit names an unknown extension", critical, "ACCEPTED (must refuse: RFC 7515 §4.1.11)", false),
        ("zip in a JWS header (JWE only)", zipped, "zip ignored", false),
        ("b64: false without crit", unencoded, "ACCEPTED (must refuse: RFC 7797 §6)", false),
    ]
    for (attack, fields, acceptedAs, tessera) in ownSigned {
        probes.append(
            Probe(
                attack: attack,
                kind: .issuer,
                token: try sign(fields, claims(jose: true, expiresIn: 600), with: key),
                acceptedAs: acceptedAs,
                tesseraAccepts: tessera,
                unjudged: tessera == nil
            )
        )
    }
    return probes.map { $0.attaching(format: name, key: verificationJWK) }
}

/// The gallery for `v4.local` or `v4.public`: `make` signs or encrypts payload bytes (with a footer) under the
/// verifier's key, `other` under another key of the same kind, `confused` (v4.public only) under the public key used
/// as a local key; `otherKeyID` is the PASERK id of another key.
func pasetoCases(
    _ format: String,
    key: String,
    otherKeyID: String,
    make: ([UInt8], [UInt8]) throws -> String,
    other: ([UInt8]) throws -> String,
    confused: (([UInt8]) throws -> String)?
) throws -> [Case] {
    let isLocal = format.utf8.elementsEqual("v4.local".utf8)
    let valid = try make(claims(jose: false, expiresIn: 600), [])
    let segments = valid.split(separator: ".").map(String.init)
    let body = try Base64URL.decode(segments[2])
    let purpose = isLocal ? "public" : "local"
    var probes = [
        Probe(attack: "valid token (control)", kind: .control, token: valid, acceptable: true),
        Probe(
            attack: "unsigned (tag stripped)",
            kind: .forgery,
            token: "v4.\(segments[1])." + Base64URL.encode(Array(body.dropLast(isLocal ? 32 : 64)))
        ),
        Probe(attack: "header names the other purpose", kind: .forgery, token: "v4.\(purpose).\(segments[2])"),
    ]
    if let confused {
        probes.append(
            Probe(
                attack: "public key used as v4.local key",
                kind: .forgery,
                token: try confused(claims(jose: false, expiresIn: 600))
            )
        )
    }
    // v4.local: the ciphertext starts after the 32-byte nonce and is the claims XOR a key stream, so flipping its
    // byte flips the same claims byte; v4.public: the body starts with the claims.
    let changed = (isLocal ? 32 : 0) + GalleryClaims.changedByte
    let large = try make(claims(jose: false, expiresIn: 600, extra: oversized), [])
    probes += [
        Probe(
            attack: "one payload byte changed (user-42 → user-52)",
            kind: .forgery,
            token: changingByte(valid, segment: 2, at: changed)
        ),
        Probe(attack: "signed by another key", kind: .forgery, token: try other(claims(jose: false, expiresIn: 600))),
        Probe(attack: "expired", kind: .replay, token: try make(claims(jose: false, expiresIn: -60), [])),
        Probe(attack: "padding added", kind: .malleation, token: valid + "="),
        Probe(attack: "extra segment", kind: .forgery, token: valid + ".e30"),
    ]
    probes += try issuerCases(jose: false) { try make($0, []) }
    probes += try malleations(valid, large: large, ed25519: !isLocal, bit: isLocal ? "tag" : "signature")
    probes.append(
        Probe(
            attack: "footer kid names another key, made with the verifier's key",
            kind: .issuer,
            token: try make(
                claims(jose: false, expiresIn: 600),
                JSONWriter.bytes(for: .object(["kid": .string(otherKeyID)]))
            ),
            acceptedAs: "footer kid ignored (one key)",
            tesseraAccepts: true
        )
    )
    return probes.map { $0.attaching(format: format, key: key) }
}

/// Reports a failure of the harness itself (not a verdict) on standard error and exits 2.
func harnessFailure(_ message: String) -> Never {
    FileHandle.standardError.write(Data("PeerVerdicts: harness error: \(message)\n".utf8))
    exit(2)
}

/// Tessera's verdict: the library's error code, or accepted with the subject it returned.
func tesseraVerdict(_ body: () throws -> VerifiedToken) -> Verdict {
    do {
        let verified = try body()
        return Verdict(accepted: true, reason: "", subject: verified.claims.subject)
    } catch let error as TesseraError {
        return Verdict(accepted: false, reason: error.code.description)
    } catch {
        return Verdict(accepted: false, reason: "\(error)")
    }
}

/// The claims jwt-kit decodes: `exp` is checked, as its documentation shows.
struct PeerPayload: JWTPayload {
    var sub: SubjectClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }
}

/// jwt-kit's key collection for a JWS case's verification key, loaded from its JWK. A failure here is the harness's,
/// never a verdict, so it is thrown rather than reported as a refusal.
func jwtKitKeys(_ item: Case) async throws -> JWTKeyCollection {
    let keys = JWTKeyCollection()
    if item.format.utf8.starts(with: "HS".utf8) {
        let jwk = try JSONParser(limits: .payload).parseObject(Array(item.key.utf8))
        let secret = try Base64URL.decode(jwk["k"]?.stringValue ?? "")
        await keys.add(
            hmac: HMACKey(from: secret),
            digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: jwk["kid"]?.stringValue ?? "")
        )
    } else {
        try await keys.add(jwk: JWK(json: item.key))
    }
    return keys
}

/// jwt-kit's verdict on a JWS case, with keys loaded beforehand by ``jwtKitKeys(_:)``.
func jwtKitVerdict(_ item: Case, keys: JWTKeyCollection) async -> Verdict {
    do {
        let payload = try await keys.verify(item.token, as: PeerPayload.self)
        return Verdict(accepted: true, reason: "", subject: payload.sub.value)
    } catch {
        return Verdict(accepted: false, reason: String(describing: error))
    }
}

/// Runs the Python side on the cases; returns the library versions and one verdict map per case. Any failure of
/// the script (a key that does not load, a missing module) ends the run as a harness failure.
func pythonVerdicts(_ cases: [Case], python: String, script: String) -> ([String: String], [[String: Verdict]]) {
    struct Output: Decodable {
        let libraries: [String: String]
        let verdicts: [[String: Verdict]]
    }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("peer-verdicts-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    let output = Pipe()
    do {
        try JSONEncoder().encode(cases).write(to: file)
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, file.path]
        process.standardOutput = output
        try process.run()
    } catch {
        harnessFailure("cannot run \(python) \(script): \(error)")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        harnessFailure("\(script) failed with exit status \(process.terminationStatus) (its error is above)")
    }
    guard let decoded = try? JSONDecoder().decode(Output.self, from: data) else {
        harnessFailure("\(script) printed something other than the verdicts JSON")
    }
    guard decoded.verdicts.count == cases.count else {
        harnessFailure("\(script) returned \(decoded.verdicts.count) verdicts for \(cases.count) cases")
    }
    return (decoded.libraries, decoded.verdicts)
}

/// A refusal's reason as one escaped line for a table cell.
func shortReason(_ reason: String) -> String {
    let line = reason.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    let short =
        line.unicodeScalars.count > 70 ? String(String.UnicodeScalarView(line.unicodeScalars.prefix(70))) + "…" : line
    let escaped = TesseraError.escaped(short).replacingOccurrences(of: "|", with: "\\|")
    return escaped.replacingOccurrences(of: "`", with: "'")
}

/// A verdict as a markdown table cell: outsider tokens that got through are bold **ACCEPTED**; issuer-side tokens
/// show what accepting them means (never the bold word); refusals show their reason.
func cell(_ verdict: Verdict?, item: Case) -> String {
    guard let verdict else { return "—" }
    guard verdict.accepted else { return "refused (\(shortReason(verdict.reason)))" }
    if item.acceptable { return "accepted" }
    guard let acceptedAs = item.acceptedAs else { return "**ACCEPTED**" }
    guard item.showsSubject else { return acceptedAs }
    switch verdict.subject {
    case "admin": return acceptedAs + ": last duplicate wins (sub \"admin\")"
    case GalleryClaims.subject: return acceptedAs + ": first duplicate wins (sub \"\(GalleryClaims.subject)\")"
    case let other?: return acceptedAs + ": sub \"\(shortReason(other))\""
    case nil: return acceptedAs + ": no sub returned"
    }
}

/// One format's cases and Tessera's verifier for them, pinned to the format's key.
struct Gallery {
    let cases: [Case]
    let verify: (String) -> Verdict
}

/// The JWS gallery of `key`, verified by Tessera with the key's verification key.
func joseGallery<Key: JWSSigningKey>(
    _ key: Key,
    other: Key,
    confusion: (label: String, secret: [UInt8])?
) throws -> Gallery {
    let verifier = JWS.Verifier(key: key.verificationKey)
    return Gallery(
        cases: try joseCases(key, other: other, confusion: confusion),
        verify: { token in tesseraVerdict { try verifier.verify(token) } }
    )
}

/// The value following `option` on the command line.
func argument(_ option: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(where: { $0.utf8.elementsEqual(option.utf8) }), index + 1 < arguments.count
    else { return nil }
    return arguments[index + 1]
}

var galleries: [Gallery] = []
for algorithm in joseFormats {
    switch algorithm {
    case .hs256:
        galleries.append(
            try joseGallery(
                JWS.HMACKey.generate(algorithm: .hs256),
                other: JWS.HMACKey.generate(algorithm: .hs256),
                confusion: nil
            )
        )
    case .rs256:
        let key = try JWS.RSAPrivateKey.generate(algorithm: .rs256)
        galleries.append(
            try joseGallery(
                key,
                other: JWS.RSAPrivateKey.generate(algorithm: .rs256),
                confusion: ("PEM", Array(key.verificationKey.pemRepresentation.utf8))
            )
        )
    case .es256:
        let key = try JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        galleries.append(
            try joseGallery(
                key,
                other: JWS.ECDSAPrivateKey.generate(algorithm: .es256),
                confusion: ("PEM", Array(key.verificationKey.pemRepresentation.utf8))
            )
        )
    default:
        let key = try JWS.EdDSAPrivateKey.generate()
        galleries.append(
            try joseGallery(
                key,
                other: JWS.EdDSAPrivateKey.generate(),
                confusion: ("JWK JSON", JSONWriter.bytes(for: .object(try key.verificationKey.jwk())))
            )
        )
    }
}
let local = try PASETO.V4.Local.SymmetricKey()
let otherLocal = try PASETO.V4.Local.SymmetricKey()
let localVerifier = PASETO.V4.Local.Verifier(key: local)
galleries.append(
    Gallery(
        cases: try pasetoCases(
            "v4.local",
            key: local.paserk,
            otherKeyID: otherLocal.id,
            make: { try PASETO.V4.Local.encrypt($0, using: local, footer: $1) },
            other: { try PASETO.V4.Local.encrypt($0, using: otherLocal) },
            confused: nil
        ),
        verify: { token in tesseraVerdict { try localVerifier.verify(token) } }
    )
)
let secret = try PASETO.V4.Public.SecretKey()
let otherSecret = try PASETO.V4.Public.SecretKey()
let publicVerifier = PASETO.V4.Public.Verifier(key: secret.publicKey)
let confusedKey = try PASETO.V4.Local.SymmetricKey(rawRepresentation: secret.publicKey.rawRepresentation)
galleries.append(
    Gallery(
        cases: try pasetoCases(
            "v4.public",
            key: secret.publicKey.paserk,
            otherKeyID: otherSecret.publicKey.id,
            make: { try PASETO.V4.Public.sign($0, using: secret, footer: $1) },
            other: { try PASETO.V4.Public.sign($0, using: otherSecret) },
            confused: { try PASETO.V4.Local.encrypt($0, using: confusedKey) }
        ),
        verify: { token in tesseraVerdict { try publicVerifier.verify(token) } }
    )
)

let cases = galleries.flatMap(\.cases)
var tessera: [Verdict] = []
for gallery in galleries { tessera += gallery.cases.map { gallery.verify($0.token) } }
// jwt-kit's keys are loaded once per format, outside the verdicts: a key that does not load is the harness's bug.
var jwtKitCollections: [String: JWTKeyCollection] = [:]
for item in cases where !item.format.utf8.starts(with: "v4.".utf8) && jwtKitCollections[item.format] == nil {
    do {
        jwtKitCollections[item.format] = try await jwtKitKeys(item)
    } catch {
        harnessFailure("jwt-kit cannot load the \(item.format) verification key: \(error)")
    }
}
var jwtKit: [Verdict?] = []
for item in cases {
    if let keys = jwtKitCollections[item.format] {
        jwtKit.append(await jwtKitVerdict(item, keys: keys))
    } else {
        jwtKit.append(nil)
    }
}
var libraries: [String: String] = [:]
var python: [[String: Verdict]] = Array(repeating: [:], count: cases.count)
let pythonNames = ["PyJWT", "joserfc", "pyseto"]
if let interpreter = argument("--python") {
    let defaultScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Interop/peer_verdicts.py").path
    (libraries, python) = pythonVerdicts(cases, python: interpreter, script: argument("--script") ?? defaultScript)
}

/// The jwt-kit version this package resolved, read from its Package.resolved.
func jwtKitVersion() -> String {
    struct Resolved: Decodable {
        struct Pin: Decodable {
            struct State: Decodable { let version: String? }
            let identity: String
            let state: State
        }
        let pins: [Pin]
    }
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Package.resolved")
    guard let data = try? Data(contentsOf: file), let resolved = try? JSONDecoder().decode(Resolved.self, from: data)
    else { return "5" }
    return resolved.pins.first { $0.identity.utf8.elementsEqual("jwt-kit".utf8) }?.state.version ?? "5"
}

/// One library's column: its header and its verdict on each case (`nil` for a format it does not implement).
struct Column {
    let name: String
    let verdicts: [Verdict?]
}

var columns = [
    Column(name: "Tessera", verdicts: tessera),
    Column(name: "jwt-kit \(jwtKitVersion())", verdicts: jwtKit),
]
if !libraries.isEmpty {
    for name in pythonNames {
        columns.append(Column(name: "\(name) \(libraries[name] ?? "")", verdicts: python.map { $0[name] }))
    }
}
// A library that refuses a format's valid control token cannot be judged on that format: its column for the format
// reads as a harness error, never as a row of refusals that would look like a perfect score.
var controlRefusals: [[String: String]] = columns.map { _ in [:] }
var harnessErrors: [String] = []
for (column, library) in columns.enumerated() {
    for (index, item) in cases.enumerated() where item.kind == .control {
        guard let verdict = library.verdicts[index], !verdict.accepted else { continue }
        controlRefusals[column][item.format] = verdict.reason
        harnessErrors.append(
            "\(library.name) refused the \(item.format) control token (\(shortReason(verdict.reason)))"
        )
    }
}
var lines = [
    "## Peer verdicts",
    "",
    "The attack gallery of `tessera compare` and the header and malleability probes of its format facts, replayed by "
        + "`PeerVerdicts` on \(ISO8601DateFormatter().string(from: Date())). Every library is pinned to the format's "
        + "one algorithm and key with its default claim checks. The kind column says who could make the token: an "
        + "outsider (forgery, malleation of a captured token, replay), where **ACCEPTED** marks an attack that got "
        + "through, or only the issuer (parsing and policy), where the cell says what the library did instead. — marks "
        + "a format the library does not implement; \"harness error: control refused\" marks a library that refused "
        + "the format's valid token, so none of its verdicts on that format mean anything.",
    "",
    "| format | attack | kind | " + columns.map(\.name).joined(separator: " | ") + " |",
    "|---|---|---|" + String(repeating: "---|", count: columns.count),
]
var failures: [String] = []
for (index, item) in cases.enumerated() {
    var cells = [item.format, item.attack, item.kind.rawValue]
    for (column, library) in columns.enumerated() {
        if let reason = controlRefusals[column][item.format] {
            cells.append("harness error: control refused (\(shortReason(reason)))")
        } else {
            cells.append(cell(library.verdicts[index], item: item))
        }
    }
    lines.append("| " + cells.joined(separator: " | ") + " |")
    if let expected = item.tesseraAccepts, tessera[index].accepted != expected {
        failures.append("\(item.format): \(item.attack)")
    }
}
lines.append("")
let markdown = lines.joined(separator: "\n")
print(markdown)
if let path = argument("--markdown") {
    guard FileManager.default.createFile(atPath: path, contents: Data(markdown.utf8)) else {
        harnessFailure("cannot write \(path)")
    }
}
if !failures.isEmpty {
    FileHandle.standardError.write(
        Data("PeerVerdicts: Tessera disagrees with the expected verdict on: \(failures.joined(separator: "; "))\n".utf8)
    )
}
if !harnessErrors.isEmpty {
    FileHandle.standardError.write(Data("PeerVerdicts: harness error: \(harnessErrors.joined(separator: "; "))\n".utf8))
    exit(3)
}
if !failures.isEmpty { exit(1) }
