import Foundation
import PropertyBased
import TesseraCore
import TesseraPASETO
import Testing

@Suite("Token properties", .shrinking)
struct TokenProperties {
    static let localKey = try! PASETO.V4.Local.SymmetricKey()
    static let otherLocalKey = try! PASETO.V4.Local.SymmetricKey()
    static let signingKey = try! PASETO.V4.Public.SecretKey()
    static let otherSigningKey = try! PASETO.V4.Public.SecretKey()

    static func issuers(footer: [UInt8], implicit: [UInt8]) -> [any TokenIssuer] {
        [
            PASETO.V4.Local.Issuer(
                key: localKey,
                footer: .bytes(footer),
                implicitAssertion: implicit,
                defaults: Generators.noDefaults
            ),
            PASETO.V4.Public.Issuer(
                key: signingKey,
                footer: .bytes(footer),
                implicitAssertion: implicit,
                defaults: Generators.noDefaults
            ),
        ]
    }

    static func verifiers(
        implicit: [UInt8],
        local: PASETO.V4.Local.SymmetricKey = localKey,
        signing: PASETO.V4.Public.SecretKey = signingKey
    ) -> [any TokenVerifier] {
        let settings = PASETO.VerificationSettings(implicitAssertion: implicit)
        return [
            PASETO.V4.Local.Verifier(key: local, rules: Generators.lenientRules, settings: settings),
            PASETO.V4.Public.Verifier(key: signing.publicKey, rules: Generators.lenientRules, settings: settings),
        ]
    }

    @Test("any claims, footer and implicit assertion round-trip through every backend")
    func roundTrip() async {
        await checkProperty(count: 200, input: Generators.claims, Generators.bytes, Generators.bytes) {
            claims,
            footer,
            implicit in
            for (issuer, verifier) in zip(
                Self.issuers(footer: footer, implicit: implicit),
                Self.verifiers(implicit: implicit)
            ) {
                let token = try issuer.issue(claims)
                let verified = try verifier.verify(token)
                #expect(verified.claims == claims)
                #expect(verified.footer == footer)
                #expect(verified.format == issuer.format)
            }
        }
    }

    @Test("changing any single byte of a valid token makes it fail")
    func tamperAnyByte() async {
        await checkProperty(
            count: 300,
            input: Generators.claims,
            Gen<Int>.value(in: 0...100_000),
            Gen<UInt8>.value(in: 1...255)
        ) {
            claims,
            position,
            delta in
            for (issuer, verifier) in zip(
                Self.issuers(footer: Array("f".utf8), implicit: []),
                Self.verifiers(implicit: [])
            ) {
                var bytes = Array(try issuer.issue(claims).utf8)
                let index = position % bytes.count
                bytes[index] = bytes[index] &+ delta
                let tampered = String(decoding: bytes, as: UTF8.self)
                #expect(throws: TesseraError.self, "byte \(index) of a \(issuer.format) token") {
                    try verifier.verify(tampered)
                }
            }
        }
    }

    @Test("a token never verifies under another key, purpose or implicit assertion")
    func noCrossAcceptance() async {
        await checkProperty(count: 100, input: Generators.claims, Generators.bytes) { claims, implicit in
            let tokens = try Self.issuers(footer: [], implicit: implicit).map { try $0.issue(claims) }
            for verifier in Self.verifiers(implicit: implicit, local: Self.otherLocalKey, signing: Self.otherSigningKey)
            {
                for token in tokens {
                    #expect(throws: TesseraError.self) { try verifier.verify(token) }
                }
            }
            for verifier in Self.verifiers(implicit: implicit + [0]) {
                for token in tokens {
                    #expect(throws: TesseraError.self) { try verifier.verify(token) }
                }
            }
            let (local, signed) = (tokens[0], tokens[1])
            let verifiers = Self.verifiers(implicit: implicit)
            #expect(throws: TesseraError(.wrongHeader, "")) { try verifiers[0].verify(signed) }
            #expect(throws: TesseraError(.wrongHeader, "")) { try verifiers[1].verify(local) }
        }
    }
}
