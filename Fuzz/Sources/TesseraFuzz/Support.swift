import TesseraCore
import TesseraJWS
import TesseraPASETO

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Stops the fuzzer with a message when a property does not hold.
///
/// `fatalError` traps, which libFuzzer reports as a crash and saves the input as `crash-<sha1>`; the message names
/// the property, so the lead can tell a property failure from a memory error at a glance.
///
/// - Parameters:
///   - condition: The property.
///   - message: What broke, printed before the trap.
func check(
    _ condition: @autoclosure () -> Bool,
    _ message: @autoclosure () -> String,
    file: StaticString = #fileID,
    line: UInt = #line
) {
    guard condition() else {
        fatalError("PROPERTY FAILED: \(message())", file: file, line: line)
    }
}

/// ``check(_:_:file:line:)`` for a property whose evaluation may throw; the error is the caller's to handle.
///
/// - Parameters:
///   - condition: The property.
///   - message: What broke, printed before the trap.
func checkOrThrow(
    _ condition: @autoclosure () throws(TesseraError) -> Bool,
    _ message: @autoclosure () -> String,
    file: StaticString = #fileID,
    line: UInt = #line
) throws(TesseraError) {
    guard try condition() else {
        fatalError("PROPERTY FAILED: \(message())", file: file, line: line)
    }
}

/// Stops the fuzzer because an operation that must succeed threw.
///
/// - Parameters:
///   - error: The error.
///   - what: The operation that must not fail.
/// - Returns: Never.
func mustNotThrow(_ error: any Error, _ what: String, file: StaticString = #fileID, line: UInt = #line) -> Never {
    fatalError("PROPERTY FAILED: \(what) threw \(error)", file: file, line: line)
}

/// A cursor over the fuzzer's bytes for harnesses that build structured input (a mode byte, lengths, parts).
struct FuzzInput {
    private let bytes: [UInt8]
    private var offset = 0

    /// Wraps the input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Whether every byte has been read.
    var isAtEnd: Bool { offset >= bytes.count }

    /// The next byte, or 0 past the end.
    mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// The next `count` bytes (fewer at the end).
    mutating func take(_ count: Int) -> [UInt8] {
        let end = min(bytes.count, offset + count)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    /// A length byte, then that many bytes.
    mutating func lengthPrefixed() -> [UInt8] { take(Int(byte())) }

    /// Everything not read yet.
    mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return Array(bytes[min(offset, bytes.count)...])
    }
}

/// The keys and rules every harness shares, derived from fixed bytes so that runs are reproducible.
enum Fixed {
    /// The instant every verifier's clock reads: 2026-01-01T00:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_767_225_600)

    /// Rules that accept any claims the parser accepts (no `exp` required), at ``now``.
    static let lenientRules = ValidationRules(requiresExpiration: false, clock: .fixed(now))

    /// Default rules (`exp` required), at ``now``.
    static let strictRules = ValidationRules(clock: .fixed(now))

    /// `count` bytes that depend only on `label`, for deterministic key material.
    ///
    /// - Parameters:
    ///   - label: A distinct value per key.
    ///   - count: How many bytes.
    /// - Returns: The bytes.
    static func bytes(_ label: UInt8, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(label) &* 17 &+ 7) }
    }

    /// Symmetric keys; index 0 is the one the single-key targets use.
    static let localKeys: [PASETO.V4.Local.SymmetricKey] = ([1, 2, 3] as [UInt8]).map { label in
        do {
            return try PASETO.V4.Local.SymmetricKey(rawRepresentation: bytes(label, count: 32))
        } catch { mustNotThrow(error, "building a fixed v4.local key") }
    }

    /// Signing keys; index 0 is the one the single-key targets use.
    static let secretKeys: [PASETO.V4.Public.SecretKey] = ([11, 12, 13] as [UInt8]).map { label in
        do {
            return try PASETO.V4.Public.SecretKey(seed: bytes(label, count: 32))
        } catch { mustNotThrow(error, "building a fixed v4.public key") }
    }

    /// The HS256 key of the `jws` and `migration` targets.
    static let hs256: JWS.HMACKey = {
        do {
            return try JWS.HMACKey(algorithm: .hs256, secret: bytes(21, count: 32), keyID: "hs256-fuzz")
        } catch { mustNotThrow(error, "building the fixed HS256 key") }
    }()

    /// The EdDSA key of the `jws` target.
    static let eddsa: JWS.EdDSAPrivateKey = {
        do {
            return try JWS.EdDSAPrivateKey(seed: bytes(22, count: 32), keyID: "eddsa-fuzz")
        } catch { mustNotThrow(error, "building the fixed EdDSA key") }
    }()

    /// The ES256 key of the `jws` target.
    static let es256: JWS.ECDSAPrivateKey = {
        do {
            return try JWS.ECDSAPrivateKey(
                algorithm: .es256,
                pemRepresentation: FixedKeyMaterial.ecPrivatePEM,
                keyID: "es256-fuzz"
            )
        } catch { mustNotThrow(error, "building the fixed ES256 key") }
    }()

    /// The RS256 key of the `jws` target.
    static let rs256: JWS.RSAPrivateKey = {
        do {
            return try JWS.RSAPrivateKey(
                algorithm: .rs256,
                pemRepresentation: FixedKeyMaterial.rsaPrivatePEM,
                keyID: "rs256-fuzz"
            )
        } catch { mustNotThrow(error, "building the fixed RS256 key") }
    }()
}

/// A deterministic position in `0..<count` from the input, so that mutation checks replay exactly.
///
/// - Parameters:
///   - bytes: The input.
///   - count: The range size (greater than 0).
/// - Returns: The position.
func position(from bytes: [UInt8], in count: Int) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Int(hash % UInt64(count))
}

/// The token with the character at `index` replaced by another base64url character (or `.`/`=`), which must make
/// any token, PASERK or JWS invalid: Tessera's encodings have exactly one spelling.
///
/// - Parameters:
///   - text: The accepted text.
///   - index: The byte position to change.
/// - Returns: The changed text.
func replacingCharacter(of text: String, at index: Int, salt: Int) -> String {
    var bytes = Array(text.utf8)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=".utf8)
    var replacement = alphabet[salt % alphabet.count]
    if replacement == bytes[index] { replacement = alphabet[(salt + 1) % alphabet.count] }
    bytes[index] = replacement
    return String(decoding: bytes, as: UTF8.self)
}

/// Converts libFuzzer's buffer to an array.
///
/// - Parameters:
///   - data: The buffer (may be `nil` when `size` is 0).
///   - size: Its length.
/// - Returns: The bytes.
public func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Findings already reported to the lead, which a long campaign may look past to find others.
///
/// `TESSERA_FUZZ_KNOWN` is a comma-separated list of finding ids (FUZZING.md lists them); by default it is empty,
/// so `.ci/fuzz` fails on every finding until the library is fixed.
enum KnownFindings {
    private static let tolerated = Set(
        (ProcessInfo.processInfo.environment["TESSERA_FUZZ_KNOWN"] ?? "").split(separator: ",").map(String.init)
    )

    /// Whether the finding `id` is to be tolerated in this run.
    ///
    /// - Parameter id: The finding's id, e.g. `jwk-non-minimal-integer`.
    /// - Returns: `true` when `TESSERA_FUZZ_KNOWN` names it.
    static func isTolerated(_ id: String) -> Bool { tolerated.contains(id) }
}
