import Foundation
import TesseraCore
import TesseraPASETO
import TesseraTestSupport
import Testing

@Suite("Key rings route by PASERK id")
struct KeyRingTests {
    let old: PASETO.V4.Public.SecretKey
    let new: PASETO.V4.Public.SecretKey
    let verifier: PASETO.V4.Public.Verifier

    init() throws {
        old = try PASETO.V4.Public.SecretKey()
        new = try PASETO.V4.Public.SecretKey()
        verifier = PASETO.V4.Public.Verifier(
            keys: try PASETO.KeyRing([old.publicKey, new.publicKey]),
            rules: Fixed.rules
        )
    }

    func token(_ key: PASETO.V4.Public.SecretKey, footer: PASETO.Footer = .keyID) throws -> String {
        try PASETO.V4.Public.Issuer(key: key, footer: footer, defaults: Fixed.defaults).issue(Claims(subject: "s"))
    }

    @Test("each token is verified with the key its kid names")
    func routes() throws {
        #expect(try verifier.verify(token(old)).keyID == old.publicKey.id)
        #expect(try verifier.verify(token(new)).keyID == new.publicKey.id)
    }

    @Test("a single-key verifier reports its key's PASERK id too, with or without a kid footer")
    func singleKeyID() throws {
        let single = PASETO.V4.Public.Verifier(key: old.publicKey, rules: Fixed.rules)
        #expect(try single.verify(token(old)).keyID == old.publicKey.id)
        #expect(try single.verify(token(old, footer: .none)).keyID == old.publicKey.id)
        let local = try PASETO.V4.Local.SymmetricKey()
        let sealed = try PASETO.V4.Local.Issuer(key: local, defaults: Fixed.defaults).issue(Claims(subject: "s"))
        #expect(try PASETO.V4.Local.Verifier(key: local, rules: Fixed.rules).verify(sealed).keyID == local.id)
    }

    @Test("a retired key's tokens are refused as an unknown kid")
    func retire() throws {
        let ring = try PASETO.KeyRing([old.publicKey, new.publicKey]).removing(id: old.publicKey.id)
        let retired = PASETO.V4.Public.Verifier(keys: ring, rules: Fixed.rules)
        #expect(errorCode { try retired.verify(token(old)) } == .unknownKeyID)
        #expect(errorCode { try retired.verify(token(new)) } == nil)
    }

    @Test(
        "tokens without a usable kid are refused",
        arguments: [
            PASETO.Footer.none, .bytes(Array("plain".utf8)), .json(["other": 1]), .json(["kid": 5]),
        ]
    )
    func missingKid(_ footer: PASETO.Footer) throws {
        #expect(errorCode { try verifier.verify(token(new, footer: footer)) } == .missingKeyID)
    }

    @Test("a kid that is a key, another id type, or unknown is refused")
    func badKids() throws {
        let asKey = try token(new, footer: .json(["kid": .string(new.publicKey.paserk)]))
        #expect(errorCode { try verifier.verify(asKey) } == .invalidPASERK)
        let lid = try PASETO.V4.Local.SymmetricKey().id
        #expect(errorCode { try verifier.verify(token(new, footer: .json(["kid": .string(lid)]))) } == .unknownKeyID)
        let stranger = try PASETO.V4.Public.SecretKey()
        #expect(errorCode { try verifier.verify(token(stranger)) } == .unknownKeyID)
        let pathy = try token(new, footer: .json(["kid": "k4.pid.../../etc/passwd"]))
        #expect(errorCode { try verifier.verify(pathy) } == .unknownKeyID)
    }

    @Test("a kid naming one ring key cannot carry a signature by another ring key")
    func kidSwap() throws {
        let signedByOld = try PASETO.V4.Public.Issuer(
            key: old,
            footer: .json(["kid": .string(new.publicKey.id)]),
            defaults: Fixed.defaults
        )
        .issue(Claims())
        #expect(errorCode { try verifier.verify(signedByOld) } == .authenticationFailed)
    }

    @Test("footer JSON is bounded before its kid is read")
    func footerLimits() throws {
        let deep: JSONValue = ["a": ["b": ["c": 1]]]
        let deepToken = try token(new, footer: .json(["kid": .string(new.publicKey.id), "x": deep]))
        #expect(errorCode { try verifier.verify(deepToken) } == .footerTooLarge)
        let duplicate = try PASETO.V4.Public.sign(
            Array(#"{"exp":"2039-01-01T00:00:00Z"}"#.utf8),
            using: new,
            footer: Array(#"{"kid":"a","kid":"b"}"#.utf8)
        )
        #expect(errorCode { try verifier.verify(duplicate) } == .duplicateJSONMember)
    }

    @Test("rings refuse duplicate ids, and local rings route by k4.lid")
    func localRing() throws {
        let key = try PASETO.V4.Local.SymmetricKey()
        #expect(errorCode { try PASETO.KeyRing([key, key]) } == .invalidKey)
        let ring = try PASETO.KeyRing([key, PASETO.V4.Local.SymmetricKey()])
        let token = try PASETO.V4.Local.Issuer(key: key, footer: .keyID, defaults: Fixed.defaults).issue(Claims())
        #expect(try PASETO.V4.Local.Verifier(keys: ring, rules: Fixed.rules).verify(token).keyID == key.id)
        #expect(ring.ids.count == 2)
    }
}

@Suite("Hardening: PASETO key rings")
struct KeyRingHardeningTests {
    @Test("A2: a footer kid is looked up by its bytes; a canonically equivalent spelling names no key")
    func ringLookupIsByteExact() throws {
        // A key whose id has a K, to spell it with U+212A KELVIN SIGN (canonically equivalent, other bytes).
        var key = try PASETO.V4.Local.SymmetricKey()
        while !key.id.utf8.contains(UInt8(ascii: "K")) { key = try PASETO.V4.Local.SymmetricKey() }
        let ring = try PASETO.KeyRing([key])
        let id = key.id
        let variant = id.replacingOccurrences(of: "K", with: "\u{212A}")
        #expect(variant == id, "the premise: Swift String == calls them equal")
        #expect(ring.key(withID: id) != nil)
        #expect(ring.key(withID: variant) == nil)
        let footer = Array(#"{"kid":"\#(variant)"}"#.utf8)
        let token = try PASETO.V4.Local.Issuer(key: key, footer: .bytes(footer)).issue(Claims(subject: "a"))
        #expect(errorCode { try PASETO.V4.Local.Verifier(keys: ring).verify(token) } == .unknownKeyID)
    }
}
