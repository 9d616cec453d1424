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
// Prints the section's markdown table on stdout. Exits 1 when Tessera refuses a valid token or accepts an attack
// other than the documented ECDSA second spelling.

/// One library's answer to one token.
struct Verdict: Codable {
    /// Whether the library returned the claims.
    let accepted: Bool
    /// Why it refused: an error code or the error's first line.
    let reason: String
}

/// One token of the gallery, with the key a correctly configured verifier holds.
struct Case: Codable {
    /// A JWS algorithm, or `v4.local` / `v4.public`.
    let format: String
    /// What was done to the token.
    let attack: String
    /// The token sent.
    let token: String
    /// The verifier's key: a JWK as JSON text (JWS), or a PASERK (PASETO).
    let key: String
    /// Whether a correct verifier accepts the token (the valid control, and the ECDSA second spelling JOSE allows).
    let acceptable: Bool
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

/// The gallery for one JWS algorithm.
func joseCases<Key: JWSSigningKey>(_ key: Key, other: Key, confusionSecret: [UInt8]?) throws -> [Case] {
    let name = key.algorithm.name
    let verificationJWK = String(decoding: JSONWriter.bytes(for: .object(try key.verificationKey.jwk())), as: UTF8.self)
    let header: JSONObject = ["alg": .string(name), "typ": "JWT", "kid": .string(key.keyID ?? "")]
    let valid = try sign(header, claims(jose: true, expiresIn: 600), with: key)
    let segments = valid.split(separator: ".").map(String.init)
    var swapped = header
    swapped["alg"] = .string(name.utf8.elementsEqual("HS256".utf8) ? "HS512" : "HS256")
    var cases: [(String, String, Bool)] = [
        ("valid token (control)", valid, true),
        (
            "unsigned (alg none)", Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + ".\(segments[1]).",
            false
        ),
        (
            "header names another algorithm",
            Base64URL.encode(JSONWriter.bytes(for: .object(swapped))) + ".\(segments[1]).\(segments[2])", false
        ),
    ]
    if let confusionSecret {
        var confused = header
        confused["alg"] = "HS256"
        let hmac = try JWS.HMACKey(algorithm: .hs256, secret: confusionSecret, keyID: key.keyID)
        cases.append(
            (
                "public key (PEM) used as HMAC secret",
                try sign(confused, claims(jose: true, expiresIn: 600), with: hmac), false
            )
        )
    }
    var attacker = header
    cases += [
        ("one payload byte changed", changingByte(valid, segment: 1, at: 0), false),
        ("signed by another key", try sign(header, claims(jose: true, expiresIn: 600), with: other), false),
        ("expired", try sign(header, claims(jose: true, expiresIn: -60), with: key), false),
        ("padding added", valid + "=", false),
        ("extra segment", valid + ".e30", false),
        (
            "duplicate claim (sub twice)",
            try sign(header, claims(jose: true, expiresIn: 600, extra: #","sub":"admin""#), with: key), false
        ),
        (
            "1 MB token (validly signed)",
            try sign(header, claims(jose: true, expiresIn: 600, extra: oversized), with: key), false
        ),
    ]
    if key.algorithm == .es256 {
        let signature = try Base64URL.decode(segments[2])
        cases.append(
            (
                "ECDSA second spelling (s → n − s)",
                "\(segments[0]).\(segments[1])." + Base64URL.encode(negatingS(signature)), true
            )
        )
    }
    attacker["jku"] = "https://attacker.example/jwks.json"
    cases.append(
        (
            "jku to the attacker's keys, attacker-signed",
            try sign(attacker, claims(jose: true, expiresIn: 600), with: other), false
        )
    )
    attacker = header
    attacker["jwk"] = .object(try other.verificationKey.jwk())
    cases.append(
        (
            "attacker's jwk embedded, attacker-signed",
            try sign(attacker, claims(jose: true, expiresIn: 600), with: other), false
        )
    )
    attacker = header
    attacker["x5u"] = "https://attacker.example/cert.pem"
    cases.append(
        (
            "x5u to the attacker's cert, attacker-signed",
            try sign(attacker, claims(jose: true, expiresIn: 600), with: other), false
        )
    )
    attacker = header
    attacker["crit"] = .array(["tessera-probe"])
    attacker["tessera-probe"] = true
    cases.append(
        ("crit names an unknown extension", try sign(attacker, claims(jose: true, expiresIn: 600), with: key), false)
    )
    return cases.map { Case(format: name, attack: $0.0, token: $0.1, key: verificationJWK, acceptable: $0.2) }
}

/// The gallery for `v4.local` or `v4.public`: `make` signs or encrypts payload bytes under the verifier's key,
/// `other` under another key of the same kind, `confused` (v4.public only) under the public key used as a local key.
func pasetoCases(
    _ format: String,
    key: String,
    make: ([UInt8]) throws -> String,
    other: ([UInt8]) throws -> String,
    confused: (([UInt8]) throws -> String)?
) throws -> [Case] {
    let isLocal = format.utf8.elementsEqual("v4.local".utf8)
    let valid = try make(claims(jose: false, expiresIn: 600))
    let segments = valid.split(separator: ".").map(String.init)
    let body = try Base64URL.decode(segments[2])
    let purpose = isLocal ? "public" : "local"
    var cases: [(String, String, Bool)] = [
        ("valid token (control)", valid, true),
        (
            "unsigned (tag stripped)", "v4.\(segments[1])." + Base64URL.encode(Array(body.dropLast(isLocal ? 32 : 64))),
            false
        ),
        ("header names the other purpose", "v4.\(purpose).\(segments[2])", false),
    ]
    if let confused {
        cases.append(("public key used as v4.local key", try confused(claims(jose: false, expiresIn: 600)), false))
    }
    cases += [
        ("one payload byte changed", changingByte(valid, segment: 2, at: isLocal ? 32 : 0), false),
        ("signed by another key", try other(claims(jose: false, expiresIn: 600)), false),
        ("expired", try make(claims(jose: false, expiresIn: -60)), false),
        ("padding added", valid + "=", false),
        ("extra segment", valid + ".e30", false),
        (
            "duplicate claim (sub twice)", try make(claims(jose: false, expiresIn: 600, extra: #","sub":"admin""#)),
            false
        ),
        ("1 MB token (validly signed)", try make(claims(jose: false, expiresIn: 600, extra: oversized)), false),
    ]
    return cases.map { Case(format: format, attack: $0.0, token: $0.1, key: key, acceptable: $0.2) }
}

/// Tessera's verdict: the library's error code, or accepted.
func tesseraVerdict(_ body: () throws -> VerifiedToken) -> Verdict {
    do {
        _ = try body()
        return Verdict(accepted: true, reason: "")
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

/// jwt-kit's verdict on a JWS case, with the verifier's key loaded from its JWK.
func jwtKitVerdict(_ item: Case) async -> Verdict {
    do {
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
        _ = try await keys.verify(item.token, as: PeerPayload.self)
        return Verdict(accepted: true, reason: "")
    } catch {
        return Verdict(accepted: false, reason: String(describing: error))
    }
}

/// Runs the Python side on the cases; returns the library versions and one verdict map per case.
func pythonVerdicts(_ cases: [Case], python: String, script: String) throws -> ([String: String], [[String: Verdict]]) {
    struct Output: Decodable {
        let libraries: [String: String]
        let verdicts: [[String: Verdict]]
    }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("peer-verdicts-\(UUID().uuidString).json")
    defer { try? FileManager.default.removeItem(at: file) }
    try JSONEncoder().encode(cases).write(to: file)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [script, file.path]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw TesseraError(.invalidJSON, "\(script) exited with status \(process.terminationStatus)")
    }
    let decoded = try JSONDecoder().decode(Output.self, from: data)
    return (decoded.libraries, decoded.verdicts)
}

/// A verdict as a markdown table cell: attacks that got through are bold, reasons are one escaped line.
func cell(_ verdict: Verdict?, acceptable: Bool) -> String {
    guard let verdict else { return "—" }
    if verdict.accepted { return acceptable ? "accepted" : "**ACCEPTED**" }
    let line = verdict.reason.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    let short =
        line.unicodeScalars.count > 70 ? String(String.UnicodeScalarView(line.unicodeScalars.prefix(70))) + "…" : line
    let escaped = TesseraError.escaped(short).replacingOccurrences(of: "|", with: "\\|")
        .replacingOccurrences(of: "`", with: "'")
    return "refused (\(escaped))"
}

/// One format's cases and Tessera's verifier for them, pinned to the format's key.
struct Gallery {
    let cases: [Case]
    let verify: (String) -> Verdict
}

/// The JWS gallery of `key`, verified by Tessera with the key's verification key.
func joseGallery<Key: JWSSigningKey>(_ key: Key, other: Key, confusionSecret: [UInt8]?) throws -> Gallery {
    let verifier = JWS.Verifier(key: key.verificationKey)
    return Gallery(
        cases: try joseCases(key, other: other, confusionSecret: confusionSecret),
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
                confusionSecret: nil
            )
        )
    case .rs256:
        let key = try JWS.RSAPrivateKey.generate(algorithm: .rs256)
        galleries.append(
            try joseGallery(
                key,
                other: JWS.RSAPrivateKey.generate(algorithm: .rs256),
                confusionSecret: Array(key.verificationKey.pemRepresentation.utf8)
            )
        )
    case .es256:
        let key = try JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        galleries.append(
            try joseGallery(
                key,
                other: JWS.ECDSAPrivateKey.generate(algorithm: .es256),
                confusionSecret: Array(key.verificationKey.pemRepresentation.utf8)
            )
        )
    default:
        let key = try JWS.EdDSAPrivateKey.generate()
        galleries.append(
            try joseGallery(
                key,
                other: JWS.EdDSAPrivateKey.generate(),
                confusionSecret: JSONWriter.bytes(for: .object(try key.verificationKey.jwk()))
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
            make: { try PASETO.V4.Local.encrypt($0, using: local) },
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
            make: { try PASETO.V4.Public.sign($0, using: secret) },
            other: { try PASETO.V4.Public.sign($0, using: otherSecret) },
            confused: { try PASETO.V4.Local.encrypt($0, using: confusedKey) }
        ),
        verify: { token in tesseraVerdict { try publicVerifier.verify(token) } }
    )
)

let cases = galleries.flatMap(\.cases)
var tessera: [Verdict] = []
for gallery in galleries { tessera += gallery.cases.map { gallery.verify($0.token) } }
var jwtKit: [Verdict?] = []
for item in cases { jwtKit.append(item.format.utf8.starts(with: "v4.".utf8) ? nil : await jwtKitVerdict(item)) }
var libraries: [String: String] = [:]
var python: [[String: Verdict]] = Array(repeating: [:], count: cases.count)
let pythonNames = ["PyJWT", "joserfc", "pyseto"]
if let interpreter = argument("--python") {
    let defaultScript = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Interop/peer_verdicts.py").path
    (libraries, python) = try pythonVerdicts(cases, python: interpreter, script: argument("--script") ?? defaultScript)
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

let columns =
    ["Tessera", "jwt-kit \(jwtKitVersion())"]
    + (libraries.isEmpty ? [] : pythonNames.map { "\($0) \(libraries[$0] ?? "")" })
var lines = [
    "## Peer verdicts",
    "",
    "The attack gallery of `tessera compare` and the probes of its format facts, replayed by `PeerVerdicts` on "
        + "\(ISO8601DateFormatter().string(from: Date())). Every library is pinned to the format's one algorithm "
        + "and key with its default claim checks; **ACCEPTED** marks an attack that got through, — a format the "
        + "library does not implement.",
    "",
    "| format | attack | " + columns.joined(separator: " | ") + " |",
    "|---|---|" + String(repeating: "---|", count: columns.count),
]
var failures: [String] = []
for (index, item) in cases.enumerated() {
    var cells = [item.format, item.attack, cell(tessera[index], acceptable: item.acceptable)]
    cells.append(cell(jwtKit[index], acceptable: item.acceptable))
    if !libraries.isEmpty { cells += pythonNames.map { cell(python[index][$0], acceptable: item.acceptable) } }
    lines.append("| " + cells.joined(separator: " | ") + " |")
    if tessera[index].accepted != item.acceptable { failures.append("\(item.format): \(item.attack)") }
}
lines.append("")
let markdown = lines.joined(separator: "\n")
print(markdown)
if let path = argument("--markdown") {
    guard FileManager.default.createFile(atPath: path, contents: Data(markdown.utf8)) else {
        FileHandle.standardError.write(Data("PeerVerdicts: cannot write \(path)\n".utf8))
        exit(2)
    }
}
if !failures.isEmpty {
    FileHandle.standardError.write(
        Data("PeerVerdicts: Tessera disagrees with the expected verdict on: \(failures.joined(separator: "; "))\n".utf8)
    )
    exit(1)
}
