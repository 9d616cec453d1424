import Foundation
import TesseraCore
import TesseraJWS
import TesseraTestSupport
import Testing

/// Regression tests for issue 7, part A, in the JWS backend: each failed before its fix.
@Suite("Hardening: JWS")
struct JWSHardeningTests {
    /// A P-256 key made for this test with `openssl ec -conv_form compressed`: SPKI and SEC1 with a compressed point.
    static let compressedPublicPEM = """
        -----BEGIN PUBLIC KEY-----
        MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgAC7IuwlP+OqwyCX8/RibZ0rPDOhtD7
        4aJBVHZARaqVB5w=
        -----END PUBLIC KEY-----
        """
    static let compressedPrivatePEM = """
        -----BEGIN EC PRIVATE KEY-----
        MFcCAQEEIBefT5tUoizVvVNanVFWuVFE1D1qop4PyfH1FPxaB0F9oAoGCCqGSM49
        AwEHoSQDIgAC7IuwlP+OqwyCX8/RibZ0rPDOhtD74aJBVHZARaqVB5w=
        -----END EC PRIVATE KEY-----
        """
    /// The same key's SPKI with the uncompressed point.
    static let uncompressedPublicPEM = """
        -----BEGIN PUBLIC KEY-----
        MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE7IuwlP+OqwyCX8/RibZ0rPDOhtD7
        4aJBVHZARaqVB5y5sQcMyoS/nBYxvoY8LccFUH0T+haIriWpSDTKXKUqHg==
        -----END PUBLIC KEY-----
        """

    /// A compact JWS over `header` and `claims` signed by `key`, with the header written exactly as given.
    func token(
        header: String,
        claims: String = #"{"sub":"alice","exp":1900000600}"#,
        key: some JWSSigningKey
    ) throws
        -> String
    {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
        return input + "." + Base64URL.encode(try key.signature(for: Array(input.utf8)))
    }

    @Test(
        "A3: an RSA signature one byte shorter than the modulus (leading zero stripped) is refused",
        arguments: [
            JWS.Algorithm.ps256, .rs256,
        ]
    )
    func shortRSASignature(algorithm: JWS.Algorithm) throws {
        let key = Keys.rsa(algorithm)
        let verifier = JWS.Verifier(key: key.verificationKey, rules: Clock.rules)
        // About one signature in 256 starts with a zero byte; vary the claims until one does.
        for attempt in 0..<4096 {
            let header = #"{"alg":"\#(algorithm.name)"}"#
            let claims = #"{"sub":"alice","n":\#(attempt),"exp":1900000600}"#
            let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(claims.utf8))
            let signature = try key.signature(for: Array(input.utf8))
            guard signature.first == 0 else { continue }
            #expect(signature.count == 256)
            #expect(throws: Never.self) { try verifier.verify(input + "." + Base64URL.encode(signature)) }
            let short = input + "." + Base64URL.encode(Array(signature.dropFirst()))
            #expect(errorCode { try verifier.verify(short) } == .authenticationFailed)
            let long = input + "." + Base64URL.encode([0] + signature)
            #expect(errorCode { try verifier.verify(long) } == .authenticationFailed)
            return
        }
        Issue.record("no signature with a leading zero byte in 4096 attempts")
    }

    @Test("A8: a key with no explicit kid accepts tokens that name their key with the provider's own kid")
    func implicitKeyIDIsAHint() throws {
        let publicPEM = try Keys.es256.verificationKey.pemRepresentation
        let providerToken = try token(header: #"{"alg":"ES256","kid":"provider-key-2026"}"#, key: Keys.es256)
        let pem = try JWS.ECDSAPublicKey(algorithm: .es256, pemRepresentation: publicPEM)
        #expect(try JWS.Verifier(key: pem, rules: Clock.rules).verify(providerToken).claims.subject == "alice")
        var jwk = try pem.jwk()
        jwk["kid"] = nil
        let fromJWK = try JWS.JWK.verificationKey(from: jwk)
        #expect(try JWS.Verifier(key: fromJWK, rules: Clock.rules).verify(providerToken).claims.subject == "alice")
        // A kid the caller set explicitly still refuses a token naming another key.
        let named = try JWS.ECDSAPublicKey(
            algorithm: .es256,
            pemRepresentation: publicPEM,
            keyID: "our-key"
        )
        #expect(errorCode { try JWS.Verifier(key: named, rules: Clock.rules).verify(providerToken) } == .unknownKeyID)
        jwk["kid"] = "our-key"
        let namedJWK = try JWS.JWK.verificationKey(from: jwk)
        #expect(
            errorCode { try JWS.Verifier(key: namedJWK, rules: Clock.rules).verify(providerToken) } == .unknownKeyID
        )
    }

    @Test("A2: kid lookups in a JWKS are byte-exact, and alg is compared byte for byte")
    func keySetLookupIsByteExact() throws {
        let signer = try JWS.HMACKey(algorithm: .hs256, secret: [UInt8](repeating: 7, count: 32), keyID: "api.Key")
        let set = try JWS.KeySet([signer])
        let verifier = JWS.Verifier(keys: set, rules: Clock.rules)
        #expect(
            try verifier.verify(token(header: #"{"alg":"HS256","kid":"api.Key"}"#, key: signer)).claims.subject
                == "alice"
        )
        let kelvin = try token(header: #"{"alg":"HS256","kid":"api.\u212Aey"}"#, key: signer)
        #expect(errorCode { try verifier.verify(kelvin) } == .unknownKeyID)
        #expect(set.key(withID: "api.\u{212A}ey") == nil)
        let single = JWS.Verifier(key: signer, rules: Clock.rules)
        #expect(errorCode { try single.verify(kelvin) } == .unknownKeyID)
    }

    @Test("A2: typ is an ASCII case-insensitive media type; KELVIN SIGN never folds to k")
    func typeFoldsASCIIOnly() throws {
        let signer = Keys.hs256
        var settings = JWS.VerificationSettings(requiredType: "application/jwk-set+jwt")
        let verifier = JWS.Verifier(key: signer, rules: Clock.rules, settings: settings)
        #expect(throws: Never.self) {
            try verifier.verify(token(header: #"{"alg":"HS256","typ":"JWK-SET+JWT"}"#, key: signer))
        }
        let kelvin = try token(header: #"{"alg":"HS256","typ":"jw\u212A-set+jwt"}"#, key: signer)
        #expect(errorCode { try verifier.verify(kelvin) } == .wrongHeader)
        settings.requiredType = "jwt"
        let dotless = try token(header: #"{"alg":"HS256","typ":"JW\u0054"}"#, key: signer)
        #expect(throws: Never.self) {
            try JWS.Verifier(key: signer, rules: Clock.rules, settings: settings).verify(dotless)
        }
    }

    @Test("A6: kid, typ and crit values are escaped in reasons, before any signature check")
    func headerTextIsEscaped() throws {
        let signer = Keys.hs256
        let cases = [
            #"{"alg":"HS256","kid":"x\nrejected: ok [none]\u001b[2J"}"#,
            #"{"alg":"HS256","crit":["a\nb\u001b"]}"#,
            #"{"alg":"HS256","typ":"x\r\ny"}"#,
            #"{"alg":"HS256","a":1,"a\u0000":2,"a\u0000":3}"#,
        ]
        let set = try JWS.KeySet([signer])
        for header in cases {
            let bogus = Base64URL.encode(Array(header.utf8)) + ".e30.AAAA"
            for verifier in [
                JWS.Verifier(keys: set, rules: Clock.rules),
                JWS.Verifier(key: signer, rules: Clock.rules, settings: .init(requiredType: "JWT")),
            ] {
                do {
                    _ = try verifier.verify(bogus)
                    Issue.record("accepted \(header)")
                } catch {
                    #expect(error.code != .authenticationFailed, "refused before the signature: \(header)")
                    #expect(
                        error.reason.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F },
                        "\(error.reason)"
                    )
                }
            }
        }
    }

    @Test("A10: EC keys with compressed points load from SPKI and SEC1, and equal their uncompressed form")
    func compressedPoints() throws {
        let compressed = try JWS.ECDSAPublicKey(algorithm: .es256, pemRepresentation: Self.compressedPublicPEM)
        let uncompressed = try JWS.ECDSAPublicKey(algorithm: .es256, pemRepresentation: Self.uncompressedPublicPEM)
        #expect(try compressed.thumbprint() == uncompressed.thumbprint())
        let signer = try JWS.ECDSAPrivateKey(algorithm: .es256, pemRepresentation: Self.compressedPrivatePEM)
        let jwt = try JWS.Signer(key: signer, defaults: Clock.defaults).issue(Claims(subject: "alice"))
        #expect(try JWS.Verifier(key: compressed, rules: Clock.rules).verify(jwt).claims.subject == "alice")
    }

    @Test("A10: a JWKS key of a known family but an unsupported curve is skipped and reported, not fatal")
    func unsupportedCurveIsSkipped() throws {
        let good = try Keys.eddsa.verificationKey.jwk()
        let jwks = """
            {"keys":[
              {"kty":"OKP","crv":"Ed448","alg":"EdDSA","kid":"ed448","x":"\(String(repeating: "A", count: 76))"},
              {"kty":"EC","crv":"secp256k1","alg":"ES256K","kid":"k1","x":"AA","y":"AA"},
              {"kty":"EC","crv":"P-256","kid":"no-alg-p256","x":"AA","y":"AA"},
              \(JSONWriter.bytes(for: .object(good)).map { String(UnicodeScalar($0)) }.joined())
            ]}
            """
        let set = try JWS.KeySet(jwks: jwks)
        #expect(set.ids == [Keys.eddsa.verificationKey.keyID ?? ""])
        #expect(set.skipped.count == 3, "\(set.skipped)")
        #expect(set.skipped.contains { $0.contains("Ed448") })
        // A malformed key of a supported kind still fails the whole set.
        let broken = #"{"keys":[{"kty":"OKP","crv":"Ed25519","alg":"EdDSA","x":"AAAA"}]}"#
        #expect(errorCode { try JWS.KeySet(jwks: broken) } == .invalidKey)
    }

    @Test("A12: the RSA floor applies to JWKS and private JWKs too, counted in bits")
    func minimumRSABitsEverywhere() throws {
        let key = Keys.rsa  // 2048 bits
        let publicJWK = try key.verificationKey.jwk()
        let jwks = #"{"keys":[\#(publicJWK.text)]}"#
        #expect(errorCode { try JWS.KeySet(jwks: jwks, minimumRSABits: 3072) } == .invalidKey)
        #expect(try JWS.KeySet(jwks: jwks, minimumRSABits: 2048).ids.count == 1)
        #expect(errorCode { try JWS.JWK.verificationKey(from: publicJWK, minimumRSABits: 2049) } == .invalidKey)
        let privateJWK = try key.jwk().text
        #expect(errorCode { try JWS.JWK.signingKey(from: privateJWK, minimumRSABits: 2049) } == .invalidKey)
        #expect(try JWS.JWK.signingKey(from: privateJWK, minimumRSABits: 2048).algorithm == .rs256)
    }

    @Test("fuzz finding jwk-non-minimal-integer: RSA n and e must use the fewest octets (RFC 7518 §2, Base64urlUInt)")
    func nonMinimalIntegers() throws {
        var jwk = try Keys.rsa.verificationKey.jwk()
        #expect(try JWS.JWK.verificationKey(from: jwk).algorithm == .rs256)
        jwk["e"] = "AAEAAQ"  // 65537 with a leading zero octet
        #expect(errorCode { try JWS.JWK.verificationKey(from: jwk) } == .invalidKey)
        var modulus = try Keys.rsa.verificationKey.jwk()
        let n = try Base64URL.decode(modulus["n"]?.stringValue ?? "")
        modulus["n"] = .string(Base64URL.encode([0] + n))
        #expect(errorCode { try JWS.JWK.verificationKey(from: modulus) } == .invalidKey)
        var privateJWK = try Keys.rsa.jwk()
        let d = try Base64URL.decode(privateJWK["d"]?.stringValue ?? "")
        privateJWK["d"] = .string(Base64URL.encode([0] + d))
        // Private integers padded to a fixed length (as some exporters write them) name the same key: accepted.
        #expect(try JWS.JWK.signingKey(from: privateJWK.text).keyID == Keys.rsa.keyID)
        privateJWK["d"] = ""
        #expect(errorCode { try JWS.JWK.signingKey(from: privateJWK.text) } == .invalidKey)
    }
}
