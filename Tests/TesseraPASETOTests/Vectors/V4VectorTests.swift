import Foundation
import TesseraCore
import TesseraTestSupport
import Testing

@testable import TesseraPASETO

@Suite("Official PASETO v4 vectors", .enabled(if: vectorsEnabled, "vectors not found; set TESSERA_VECTORS"))
struct V4VectorTests {
    static func cases() throws -> [TokenVector] {
        guard Vectors.directory != nil else { return [] }
        return try Vectors.load("v4.json", as: VectorFile<TokenVector>.self).tests
    }

    @Test("the vector file is present and complete")
    func vectorFileIsComplete() throws {
        let cases = try Vectors.load("v4.json", as: VectorFile<TokenVector>.self).tests
        #expect(cases.count == 17)
        #expect(cases.filter(\.expectFail).count == 5)
    }

    @Test("each vector decrypts or verifies to its payload, or fails as expected", arguments: try cases())
    func vector(_ vector: TokenVector) throws {
        let footer = Array(vector.footer.utf8)
        let implicit = Array(vector.implicitAssertion.utf8)
        var outcome: [UInt8]?
        if let keyHex = vector.key {
            let key = try PASETO.V4.Local.SymmetricKey(rawRepresentation: [UInt8](hex: keyHex))
            outcome = try? PASETO.V4.Local.decrypt(
                vector.token,
                using: key,
                expectedFooter: footer,
                implicitAssertion: implicit
            ).payload
            if let nonce = vector.nonce, let payload = vector.payload {
                let token = try PASETO.V4.Local.encrypt(
                    Array(payload.utf8),
                    using: key,
                    footer: footer,
                    implicitAssertion: implicit,
                    nonce: [UInt8](hex: nonce)
                )
                #expect(token == vector.token, "\(vector.name): re-encryption differs")
            }
        } else if let publicHex = vector.publicKey {
            let publicKey = try PASETO.V4.Public.PublicKey(rawRepresentation: [UInt8](hex: publicHex))
            outcome = try? PASETO.V4.Public.verify(
                vector.token,
                using: publicKey,
                expectedFooter: footer,
                implicitAssertion: implicit
            ).payload
            if let secretHex = vector.secretKey, let payload = vector.payload {
                let secretKey = try PASETO.V4.Public.SecretKey(rawRepresentation: [UInt8](hex: secretHex))
                #expect(secretKey.publicKey == publicKey)
                let token = try PASETO.V4.Public.sign(
                    Array(payload.utf8),
                    using: secretKey,
                    footer: footer,
                    implicitAssertion: implicit
                )
                #expect(token == vector.token, "\(vector.name): re-signing differs")
            }
        }
        if vector.expectFail {
            #expect(outcome == nil, "\(vector.name) must fail")
        } else {
            #expect(outcome.map { String(decoding: $0, as: UTF8.self) } == vector.payload, "\(vector.name)")
        }
    }

    @Test(
        "key-type confusion vectors fail through the typed verifiers with wrongHeader",
        arguments: try cases().filter(\.expectFail)
    )
    func confusion(_ vector: TokenVector) throws {
        let local = try PASETO.V4.Local.SymmetricKey()
        let signing = try PASETO.V4.Public.SecretKey()
        var rules = ValidationRules()
        rules.requiresExpiration = false
        let localError = #expect(throws: TesseraError.self) {
            try PASETO.V4.Local.Verifier(key: local, rules: rules).verify(vector.token)
        }
        let publicError = #expect(throws: TesseraError.self) {
            try PASETO.V4.Public.Verifier(key: signing.publicKey, rules: rules).verify(vector.token)
        }
        if vector.token.hasPrefix("v4.local.") {
            #expect(publicError?.code == .wrongHeader, "\(vector.name)")
        } else if vector.token.hasPrefix("v4.public.") {
            #expect(localError?.code == .wrongHeader, "\(vector.name)")
        } else {
            #expect(localError?.code == .wrongHeader && publicError?.code == .wrongHeader, "\(vector.name)")
        }
    }
}
