import TesseraCore
import TesseraJWS
import Testing

/// The README's JWS snippet, kept compiling and passing.
@Suite("README JWS snippet")
struct ReadmeJWSTests {
    @Test("sign with ES256, publish the JWK, verify from the JWK and from a JWKS")
    func quickStart() throws {
        let signingKey = try JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        let jwt = try JWS.Signer(key: signingKey).issue(Claims(subject: "alice", audience: ["api", "web"]))
        let publicJWK = try signingKey.verificationKey.jwk()

        let key = try JWS.JWK.verificationKey(from: publicJWK)
        let claims = try JWS.Verifier(key: key, rules: ValidationRules(audience: "api")).verify(jwt).claims
        #expect(claims.subject == "alice")

        let jwksText = String(decoding: JSONWriter.bytes(for: ["keys": [.object(publicJWK)]]), as: UTF8.self)
        let keys = try JWS.KeySet(jwks: jwksText)
        #expect(try JWS.Verifier(keys: keys).verify(jwt).keyID == signingKey.keyID)
    }
}
