import TesseraCore
import TesseraPASETO

/// `paserk`: every PASERK parser on arbitrary strings, with a fixed wrapping key, password and seal recipient.
///
/// Input: text from a first byte of 0x20 on, given to every parser (`k4.local`, `k4.public`, `k4.secret`,
/// `k4.local-wrap.pie`, `k4.secret-wrap.pie`, `k4.local-pw`, `k4.secret-pw` with a cost ceiling of 64 KiB and 2
/// passes, `k4.seal`). Else structured, `mode ‖ key bytes ‖ password`: the harness makes a key from the bytes and
/// round-trips it through every type. Plain keys must re-encode to the same string; wrapped, password-wrapped and
/// sealed keys are randomised, so they must unwrap to the same key after re-wrapping, have canonical base64url, and
/// refuse any one-character change.
public enum PASERKHarness {
    /// Runs one input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    public static func run(_ bytes: [UInt8]) {
        guard let first = bytes.first else { return }
        if first >= 0x20 {
            runText(String(decoding: bytes, as: UTF8.self), input: bytes)
        } else {
            runStructured(bytes)
        }
    }

    private static let wrappingKey = Fixed.localKeys[2]
    private static let recipient = Fixed.secretKeys[2]
    private static let password = Array("fuzz-password".utf8)
    /// The cheapest Argon2id cost libsodium allows, for wrapping in the harness.
    private static let cost = PASETO.PasswordHashing(memoryBytes: 8 * 1024, operations: 1)
    /// The ceiling for unwrapping: enough for the harness's own PASERKs, cheap enough for millions of runs.
    private static let ceiling = PASETO.PasswordHashing(memoryBytes: 64 * 1024, operations: 2)

    private static func runText(_ text: String, input: [UInt8]) {
        if let key = try? PASETO.V4.Local.SymmetricKey(paserk: text) {
            check(key.paserk == text, "an accepted k4.local does not re-encode to itself")
            checkLocal(key)
        }
        if let key = try? PASETO.V4.Public.PublicKey(paserk: text) {
            check(key.paserk == text, "an accepted k4.public does not re-encode to itself")
            check(key.id.hasPrefix("k4.pid."), "a public key's id is \(key.id)")
        }
        if let key = try? PASETO.V4.Public.SecretKey(paserk: text) {
            check(key.paserk == text, "an accepted k4.secret does not re-encode to itself")
            checkSecret(key)
            checkOneSpelling(text, input: input) { (try? PASETO.V4.Public.SecretKey(paserk: $0)) != nil }
        }
        if let key = try? PASETO.V4.Local.SymmetricKey(wrapped: text, wrappingKey: wrappingKey) {
            checkCanonical(text, header: "k4.local-wrap.pie.")
            checkLocal(key)
            checkOneSpelling(text, input: input) {
                (try? PASETO.V4.Local.SymmetricKey(wrapped: $0, wrappingKey: wrappingKey)) != nil
            }
        }
        if let key = try? PASETO.V4.Public.SecretKey(wrapped: text, wrappingKey: wrappingKey) {
            checkCanonical(text, header: "k4.secret-wrap.pie.")
            checkSecret(key)
            checkOneSpelling(text, input: input) {
                (try? PASETO.V4.Public.SecretKey(wrapped: $0, wrappingKey: wrappingKey)) != nil
            }
        }
        if let key = try? PASETO.V4.Local.SymmetricKey(passwordWrapped: text, password: password, ceiling: ceiling) {
            checkCanonical(text, header: "k4.local-pw.")
            checkLocal(key)
            checkOneSpelling(text, input: input) {
                (try? PASETO.V4.Local.SymmetricKey(passwordWrapped: $0, password: password, ceiling: ceiling)) != nil
            }
        }
        if let key = try? PASETO.V4.Public.SecretKey(passwordWrapped: text, password: password, ceiling: ceiling) {
            checkCanonical(text, header: "k4.secret-pw.")
            checkSecret(key)
            checkOneSpelling(text, input: input) {
                (try? PASETO.V4.Public.SecretKey(passwordWrapped: $0, password: password, ceiling: ceiling)) != nil
            }
        }
        if let key = try? PASETO.V4.Local.SymmetricKey(sealed: text, recipient: recipient) {
            checkCanonical(text, header: "k4.seal.")
            checkLocal(key)
            checkOneSpelling(text, input: input) {
                (try? PASETO.V4.Local.SymmetricKey(sealed: $0, recipient: recipient)) != nil
            }
        }
        for prefix in ["k4.lid.", "k4.pid.", "k4.sid."] where text.hasPrefix(prefix) {
            // Ids have no parser of their own; they only name keys. A known id must name a key with that id.
            for key in Fixed.localKeys where key.id == text { check(prefix == "k4.lid.", "a lid is \(text)") }
            for key in Fixed.secretKeys where key.id == text { check(prefix == "k4.sid.", "a sid is \(text)") }
            for key in Fixed.secretKeys where key.publicKey.id == text {
                check(prefix == "k4.pid.", "a pid is \(text)")
            }
        }
    }

    private static func runStructured(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let mode = input.byte()
        if mode & 1 == 0 {
            let raw = input.take(32)
            guard let key = try? PASETO.V4.Local.SymmetricKey(rawRepresentation: raw) else {
                check(raw.count != 32, "32 bytes were refused as a v4.local key")
                return
            }
            check(raw.count == 32, "\(raw.count) bytes were accepted as a v4.local key")
            checkLocal(key, password: input.rest())
        } else if mode & 2 == 0 {
            let seed = input.take(32)
            guard let key = try? PASETO.V4.Public.SecretKey(seed: seed) else {
                check(seed.count != 32, "a 32-byte seed was refused")
                return
            }
            checkSecret(key, password: input.rest())
        } else {
            let raw = input.take(64)
            guard let key = try? PASETO.V4.Public.SecretKey(rawRepresentation: raw) else { return }
            do {
                let fromSeed = try PASETO.V4.Public.SecretKey(seed: Array(raw.prefix(32)))
                check(fromSeed == key, "a 64-byte secret key was accepted with a public half not of its seed")
            } catch { mustNotThrow(error, "making a key from the seed of an accepted 64-byte key") }
            checkSecret(key, password: input.rest())
        }
    }

    /// Round-trips a symmetric key through every PASERK type that holds one.
    private static func checkLocal(_ key: PASETO.V4.Local.SymmetricKey, password: [UInt8]? = nil) {
        check(key.id.hasPrefix("k4.lid.") && key.id.utf8.count == 51, "a local key's id is \(key.id)")
        do {
            try checkOrThrow(
                try PASETO.V4.Local.SymmetricKey(paserk: key.paserk) == key,
                "k4.local does not round-trip"
            )
            let wrapped = try key.wrapped(with: wrappingKey)
            try checkOrThrow(
                try PASETO.V4.Local.SymmetricKey(wrapped: wrapped, wrappingKey: wrappingKey) == key,
                "k4.local-wrap.pie does not round-trip"
            )
            let sealed = try key.sealed(to: recipient.publicKey)
            try checkOrThrow(
                try PASETO.V4.Local.SymmetricKey(sealed: sealed, recipient: recipient) == key,
                "k4.seal does not round-trip"
            )
            if let password {
                let wrapped = try key.passwordWrapped(password: password, cost: cost)
                try checkOrThrow(
                    try PASETO.V4.Local.SymmetricKey(passwordWrapped: wrapped, password: password, ceiling: ceiling)
                        == key,
                    "k4.local-pw does not round-trip"
                )
                check(
                    (try? PASETO.V4.Local.SymmetricKey(
                        passwordWrapped: wrapped,
                        password: password + [0],
                        ceiling: ceiling
                    )) == nil,
                    "k4.local-pw unwraps with another password"
                )
            }
        } catch { mustNotThrow(error, "round-tripping an accepted v4.local key") }
    }

    /// Round-trips a secret key through every PASERK type that holds one.
    private static func checkSecret(_ key: PASETO.V4.Public.SecretKey, password: [UInt8]? = nil) {
        check(key.id.hasPrefix("k4.sid.") && key.id.utf8.count == 51, "a secret key's id is \(key.id)")
        check(key.publicKey.id.hasPrefix("k4.pid."), "a public key's id is \(key.publicKey.id)")
        do {
            try checkOrThrow(try PASETO.V4.Public.SecretKey(paserk: key.paserk) == key, "k4.secret does not round-trip")
            try checkOrThrow(
                try PASETO.V4.Public.PublicKey(paserk: key.publicKey.paserk) == key.publicKey,
                "k4.public does not round-trip"
            )
            let wrapped = try key.wrapped(with: wrappingKey)
            try checkOrThrow(
                try PASETO.V4.Public.SecretKey(wrapped: wrapped, wrappingKey: wrappingKey) == key,
                "k4.secret-wrap.pie does not round-trip"
            )
            if let password {
                let wrapped = try key.passwordWrapped(password: password, cost: cost)
                try checkOrThrow(
                    try PASETO.V4.Public.SecretKey(passwordWrapped: wrapped, password: password, ceiling: ceiling)
                        == key,
                    "k4.secret-pw does not round-trip"
                )
            }
        } catch { mustNotThrow(error, "round-tripping an accepted v4.public secret key") }
    }

    /// Checks that the data part is canonical base64url: decoding and encoding again gives the same text.
    private static func checkCanonical(_ text: String, header: String) {
        check(text.hasPrefix(header), "an accepted PASERK does not start with \(header)")
        let data = String(text.dropFirst(header.count))
        do {
            try checkOrThrow(
                Base64URL.encode(try Base64URL.decode(data)) == data,
                "an accepted PASERK has non-canonical data"
            )
        } catch { mustNotThrow(error, "decoding the data of an accepted \(header) PASERK") }
    }

    private static func checkOneSpelling(_ text: String, input: [UInt8], accepts: (String) -> Bool) {
        let count = text.utf8.count
        let index = position(from: input, in: count)
        let changed = replacingCharacter(of: text, at: index, salt: count &+ Int(input.last ?? 0))
        check(!accepts(changed), "a PASERK with character \(index) changed is still accepted: \(changed)")
    }
}
