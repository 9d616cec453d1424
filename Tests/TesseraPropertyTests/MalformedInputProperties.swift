import Foundation
import PropertyBased
import TesseraCore
import TesseraJWS
import TesseraPASETO
import Testing

/// Hostile input never crashes or hangs a verifier: every random string ends in a `TesseraError`.
@Suite("Malformed input", .shrinking)
struct MalformedInputProperties {
    static let local = try! PASETO.V4.Local.SymmetricKey()
    static let signing = try! PASETO.V4.Public.SecretKey()
    static let hmac = try! JWS.HMACKey.generate(algorithm: .hs256)
    static let verifiers: [any TokenVerifier] = [
        PASETO.V4.Local.Verifier(key: local),
        PASETO.V4.Public.Verifier(key: signing.publicKey),
        PASETO.V4.Public.Verifier(keys: try! PASETO.KeyRing([signing.publicKey])),
        JWS.Verifier(key: hmac),
        JWS.Verifier(keys: try! JWS.KeySet([hmac])),
    ]

    /// Strings built from token-like pieces: headers, dots, base64url runs, JSON fragments and arbitrary text.
    static let tokenish = Gen<Int>.value(in: 0...9).array(of: 0...12).map { choices in
        let pieces = [
            "v4.local.", "v4.public.", ".", "eyJhbGciOiJIUzI1NiJ9", "e30", "AAAA", "=", "_-", #"{"kid":"k4.pid.x"}"#,
            "\u{00E9}\u{0000}",
        ]
        return choices.map { pieces[$0] }.joined()
    }

    @Test("token-shaped garbage is refused with a TesseraError by every verifier")
    func tokenShaped() async {
        await checkProperty(count: 500, input: Self.tokenish) { text in
            for verifier in Self.verifiers {
                #expect(throws: TesseraError.self) { try verifier.verify(text) }
            }
        }
    }

    @Test("arbitrary text is refused with a TesseraError by every verifier")
    func arbitrary() async {
        await checkProperty(count: 300, input: Gen.character(in: "\u{0000}"..."\u{00FF}").string(of: 0...200)) { text in
            for verifier in Self.verifiers {
                #expect(throws: TesseraError.self) { try verifier.verify(text) }
            }
        }
    }
}
