import Foundation
import TesseraCore
import TesseraJWS
import TesseraTestSupport
import Testing

@Suite("JWS and JWT")
struct JWSTests {
    @Test("every algorithm issues and verifies, and reports its format", arguments: JWS.Algorithm.all)
    func roundTrip(_ algorithm: JWS.Algorithm) throws {
        let (signer, key) = Keys.pair(algorithm)
        let token = try signer.issue(Claims(issuer: "me", subject: "alice", audience: ["a", "b"]))
        let verified = try JWS.Verifier(key: key, rules: Clock.rules).verify(token)
        #expect(verified.format.name == algorithm.name)
        #expect(verified.claims.subject == "alice")
        #expect(verified.claims.audience == ["a", "b"])
        #expect(verified.claims.expiration == Clock.now.addingTimeInterval(3600))
        let header = try Base64URL.decode(token.split(separator: ".")[0])
        #expect(
            String(decoding: header, as: UTF8.self)
                == #"{"alg":"\#(algorithm.name)","typ":"JWT","kid":"\#(key.keyID ?? "")"}"#
        )
    }

    @Test("ECDSA signatures are raw r||s of the curve's length", arguments: [JWS.Algorithm.es256, .es384, .es512])
    func ecdsaLength(_ algorithm: JWS.Algorithm) throws {
        let (signer, _) = Keys.pair(algorithm)
        let token = try signer.issue(Claims())
        let signature = try Base64URL.decode(token.split(separator: ".")[2])
        #expect(signature.count == ["ES256": 64, "ES384": 96, "ES512": 132][algorithm.name])
    }

    @Test("keys round-trip through JWK and PEM and keep their thumbprint", arguments: JWS.Algorithm.all)
    func keyFormats(_ algorithm: JWS.Algorithm) throws {
        let (_, key) = Keys.pair(algorithm)
        let jwk = try key.jwk()
        let reread = try JWS.JWK.verificationKey(from: jwk.text)
        #expect(try reread.jwk() == jwk)
        #expect(try reread.thumbprint() == key.thumbprint())
        #expect(reread.algorithm == algorithm)
    }

    @Test("private keys round-trip through private JWK and PEM")
    func privateFormats() throws {
        let rsaAgain = try JWS.JWK.signingKey(from: Keys.rsa.jwk().text)
        #expect(try rsaAgain.signature(for: [1, 2, 3]) == Keys.rsa.signature(for: [1, 2, 3]))
        let ecAgain = try JWS.ECDSAPrivateKey(algorithm: .es384, pemRepresentation: Keys.es384.pemRepresentation)
        #expect(try ecAgain.jwk() == Keys.es384.jwk())
        let ecFromJWK = try JWS.JWK.signingKey(from: Keys.es256.jwk().text)
        #expect(try Keys.es256.verificationKey.isValidSignature(ecFromJWK.signature(for: [9]), for: [9]))
        let edAgain = try JWS.JWK.signingKey(from: Keys.eddsa.jwk().text)
        #expect(try edAgain.signature(for: [7]) == Keys.eddsa.signature(for: [7]))
        let hmacAgain = try JWS.JWK.signingKey(from: Keys.hs512.jwk().text)
        #expect(try hmacAgain.signature(for: [5]) == Keys.hs512.signature(for: [5]))
        let publicPEM = try Keys.rsa.verificationKey.pemRepresentation
        #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        #expect(
            try JWS.RSAPublicKey(algorithm: .rs256, pemRepresentation: publicPEM).thumbprint()
                == Keys.rsa.verificationKey.thumbprint()
        )
    }

    @Test("a key is bound to one algorithm: the same RSA key as RS256 does not verify a PS256 token")
    func algorithmBinding() throws {
        let token = try JWS.Signer(key: Keys.rsa(.ps256), defaults: Clock.defaults).issue(Claims())
        #expect(
            errorCode { try JWS.Verifier(key: Keys.rsa.verificationKey, rules: Clock.rules).verify(token) }
                == .wrongHeader
        )
        #expect(
            errorCode { try JWS.HMACKey(algorithm: .rs256, secret: [UInt8](repeating: 1, count: 64)) } == .invalidKey
        )
        #expect(errorCode { try JWS.ECDSAPrivateKey.generate(algorithm: .hs256) } == .invalidKey)
        #expect(
            errorCode { try JWS.ECDSAPrivateKey(algorithm: .es384, pemRepresentation: Keys.es256.pemRepresentation) }
                == .invalidKey
        )
    }

    @Test("key sets route by kid and refuse unknown or missing kids")
    func keySets() throws {
        let set = try JWS.KeySet([Keys.es256.verificationKey, Keys.eddsa.verificationKey, Keys.rsa.verificationKey])
        let verifier = JWS.Verifier(keys: set, rules: Clock.rules)
        for algorithm in [JWS.Algorithm.es256, .eddsa, .rs256] {
            let (signer, key) = Keys.pair(algorithm)
            #expect(try verifier.verify(signer.issue(Claims())).keyID == key.keyID)
        }
        let noKid = try JWS.Signer(key: Keys.es256, includesKeyID: false, defaults: Clock.defaults).issue(Claims())
        #expect(errorCode { try verifier.verify(noKid) } == .missingKeyID)
        let stranger = try JWS.Signer(key: Keys.es384, defaults: Clock.defaults).issue(Claims())
        #expect(errorCode { try verifier.verify(stranger) } == .unknownKeyID)
        #expect(errorCode { try JWS.KeySet([Keys.hs256, Keys.es256.verificationKey]) } == .invalidKey)
    }

    @Test("JWKS documents load, pin algorithms, and list keys they skip")
    func jwks() throws {
        var rsa = try Keys.rsa.verificationKey.jwk()
        rsa["alg"] = nil
        var encryption = try Keys.es256.verificationKey.jwk()
        encryption["use"] = "enc"
        let document: JSONValue = ["keys": [.object(rsa), .object(encryption), ["kty": "AKP", "alg": "ML-DSA-65"]]]
        let text = String(decoding: JSONWriter.bytes(for: document), as: UTF8.self)
        #expect(errorCode { try JWS.KeySet(jwks: text) } == .invalidKey)
        let set = try JWS.KeySet(jwks: text, algorithm: .rs256)
        #expect(set.ids == [try Keys.rsa.verificationKey.thumbprint()])
        #expect(set.skipped.count == 2)
        #expect(errorCode { try JWS.KeySet(jwks: text, algorithm: .ps256) } == nil)
        var declared = rsa
        declared["alg"] = "RS256"
        #expect(errorCode { try JWS.JWK.verificationKey(from: declared, algorithm: .ps256) } == .invalidKey)
    }

    @Test("typ is required when asked, compared case-insensitively with an optional application/ prefix")
    func explicitTyping() throws {
        let accessToken = try JWS.Signer(key: Keys.es256, type: "at+jwt", defaults: Clock.defaults).issue(Claims())
        var verifier = JWS.Verifier(key: Keys.es256.verificationKey, rules: Clock.rules)
        verifier.settings.requiredType = "AT+JWT"
        #expect(errorCode { try verifier.verify(accessToken) } == nil)
        verifier.settings.requiredType = "application/at+jwt"
        #expect(errorCode { try verifier.verify(accessToken) } == nil)
        verifier.settings.requiredType = "JWT"
        #expect(errorCode { try verifier.verify(accessToken) } == .wrongHeader)
        let untyped = try JWS.Signer(key: Keys.es256, type: nil, defaults: Clock.defaults).issue(Claims())
        #expect(errorCode { try verifier.verify(untyped) } == .wrongHeader)
    }

    @Test("secrets never appear in descriptions")
    func redaction() throws {
        let secret = try #require(Keys.hs256.jwk()["k"]?.stringValue)
        var dumped = ""
        dump(Keys.hs256, to: &dumped)
        for text in [Keys.hs256.description, String(reflecting: Keys.hs256), dumped, Keys.rsa.description] {
            #expect(!text.contains(secret))
        }
    }
}
