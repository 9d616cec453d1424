import Foundation
import TesseraCore
import TesseraJWS
import TesseraTestSupport
import Testing

/// The JWT attack catalogue: every attack is its own test and must end in one specific error.
@Suite("JWT attacks")
struct AttackTests {
    static let rsaVerifier = JWS.Verifier(key: Keys.rsa.verificationKey, rules: Clock.rules)
    static let ecVerifier = JWS.Verifier(key: Keys.es256.verificationKey, rules: Clock.rules)
    static let hmacVerifier = JWS.Verifier(key: Keys.hs256, rules: Clock.rules)
    static let validClaims = #"{"sub":"alice","exp":1900003600}"#

    /// A compact token from header and payload text and a signing function over the signing input.
    static func forge(
        _ header: String,
        _ payload: String = validClaims,
        sign: ([UInt8]) throws -> [UInt8]
    ) rethrows -> String {
        let input = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return input + "." + Base64URL.encode(try sign(Array(input.utf8)))
    }

    static func hmac(_ secret: [UInt8], _ input: [UInt8]) throws -> [UInt8] {
        try JWS.HMACKey(algorithm: .hs256, secret: secret + [UInt8](repeating: 0, count: max(0, 32 - secret.count)))
            .signature(for: input)
    }

    @Test(
        "alg none in every spelling, with and without a signature, is refused before any crypto",
        arguments: [
            "none", "None", "NONE", "nOnE",
        ]
    )
    func algNone(_ spelling: String) throws {
        for verifier in [Self.rsaVerifier, Self.ecVerifier, Self.hmacVerifier] {
            let unsigned = Self.forge(#"{"alg":"\#(spelling)","typ":"JWT"}"#) { _ in [] }
            #expect(errorCode { try verifier.verify(unsigned) } == .wrongHeader)
            let signed = try Self.forge(#"{"alg":"\#(spelling)"}"#) { try Self.hmac([1], $0) }
            #expect(errorCode { try verifier.verify(signed) } == .wrongHeader)
            #expect(errorCode { try verifier.verify(unsigned + ".") } == .malformedToken)
        }
    }

    @Test("HS256 signed with the RSA public key (PEM and JWK text) as secret fails against an RS256 key")
    func hmacWithRSAPublicKey() throws {
        let pem = try Keys.rsa.verificationKey.pemRepresentation
        for secret in [pem, pem.trimmingCharacters(in: .newlines), try Keys.rsa.verificationKey.jwk().text] {
            let token = try Self.forge(#"{"alg":"HS256"}"#) { try Self.hmac(Array(secret.utf8), $0) }
            #expect(errorCode { try Self.rsaVerifier.verify(token) } == .wrongHeader)
        }
    }

    @Test("HS256 signed with the EC public key (PEM and JWK text) as secret fails against an ES256 key")
    func hmacWithECPublicKey() throws {
        for secret in [try Keys.es256.verificationKey.pemRepresentation, try Keys.es256.verificationKey.jwk().text] {
            let token = try Self.forge(#"{"alg":"HS256"}"#) { try Self.hmac(Array(secret.utf8), $0) }
            #expect(errorCode { try Self.ecVerifier.verify(token) } == .wrongHeader)
        }
    }

    @Test("psychic signatures (CVE-2022-21449): r = s = 0 and r or s >= n are refused")
    func psychicSignatures() throws {
        let order = [UInt8](hex: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551")
        let zero = [UInt8](repeating: 0, count: 32)
        let one = [UInt8](repeating: 0, count: 31) + [1]
        let big = [UInt8](repeating: 0xFF, count: 32)
        for signature in [zero + zero, order + one, one + order, order + order, big + big, zero + one, one + zero] {
            let token = Self.forge(#"{"alg":"ES256"}"#) { _ in signature }
            #expect(errorCode { try Self.ecVerifier.verify(token) } == .authenticationFailed)
        }
    }

    @Test("ES256 signatures in DER form or of the wrong length are refused")
    func ecdsaEncoding() throws {
        let token = try JWS.Signer(key: Keys.es256, defaults: Clock.defaults).issue(Claims())
        let parts = token.split(separator: ".")
        let raw = try Base64URL.decode(parts[2])
        let der = [0x30, 0x44, 0x02, 0x20] + raw[0..<32] + [0x02, 0x20] + raw[32...]
        for signature in [Array(der), Array(raw.dropFirst()), raw + [0], Array(raw.prefix(63)), raw + raw] {
            let forged = "\(parts[0]).\(parts[1]).\(Base64URL.encode(signature))"
            #expect(errorCode { try Self.ecVerifier.verify(forged) } == .authenticationFailed)
        }
    }

    @Test("an embedded jwk header (CVE-2018-0114) is never used")
    func embeddedJWK() throws {
        let attacker = try JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        let header = #"{"alg":"ES256","jwk":\#(try attacker.verificationKey.jwk().text)}"#
        let token = try Self.forge(header) { try attacker.signature(for: $0) }
        #expect(errorCode { try Self.ecVerifier.verify(token) } == .authenticationFailed)
    }

    @Test("jku and x5u headers are never fetched or used", arguments: ["jku", "x5u"])
    func keyURLs(_ member: String) throws {
        let attacker = try JWS.ECDSAPrivateKey.generate(algorithm: .es256)
        let token = try Self.forge(#"{"alg":"ES256","\#(member)":"http://127.0.0.1:9/keys.json"}"#) {
            try attacker.signature(for: $0)
        }
        #expect(errorCode { try Self.ecVerifier.verify(token) } == .authenticationFailed)
    }

    @Test(
        "kid with path traversal or SQL text is an opaque string: unknown, never a path or a query",
        arguments: [
            "../../../../../../dev/null", "/dev/null", "x' UNION SELECT '1';--", "|curl 127.0.0.1",
            String(repeating: "k", count: 4_000),
        ]
    )
    func kidInjection(_ kid: String) throws {
        let set = try JWS.KeySet([Keys.hs256])
        let token = try Self.forge(#"{"alg":"HS256","kid":"\#(kid)"}"#) { try Self.hmac([], $0) }
        #expect(errorCode { try JWS.Verifier(keys: set, rules: Clock.rules).verify(token) } == .unknownKeyID)
        // A single key whose kid is its implicit thumbprint takes kid as a hint; the signature refuses the token.
        #expect(errorCode { try Self.hmacVerifier.verify(token) } == .authenticationFailed)
        let named = try JWS.HMACKey(algorithm: .hs256, secret: [UInt8](repeating: 1, count: 32), keyID: "named")
        #expect(errorCode { try JWS.Verifier(key: named, rules: Clock.rules).verify(token) } == .unknownKeyID)
    }

    @Test("a 10 kB kid exceeds the header limit")
    func hugeKid() throws {
        let token = try Self.forge(#"{"alg":"HS256","kid":"\#(String(repeating: "k", count: 10_000))"}"#) {
            try Self.hmac([], $0)
        }
        #expect(errorCode { try Self.hmacVerifier.verify(token) } == .jsonTooLarge)
    }

    @Test(
        "crit naming anything is refused, as are an empty or malformed crit",
        arguments: [
            #"{"alg":"HS256","crit":["exp-x"],"exp-x":1}"#, #"{"alg":"HS256","crit":[]}"#,
            #"{"alg":"HS256","crit":"b64"}"#,
        ]
    )
    func crit(_ header: String) throws {
        let token = try Self.forge(header) { try Keys.hs256.signature(for: $0) }
        #expect(errorCode { try Self.hmacVerifier.verify(token) } == .unsupportedHeader)
    }

    @Test(
        "b64:false (RFC 7797) is refused, with or without crit",
        arguments: [
            #"{"alg":"HS256","b64":false,"crit":["b64"]}"#, #"{"alg":"HS256","b64":false}"#,
        ]
    )
    func unencodedPayload(_ header: String) throws {
        let token = try Self.forge(header) { try Keys.hs256.signature(for: $0) }
        #expect(errorCode { try Self.hmacVerifier.verify(token) } == .unsupportedHeader)
    }

    @Test("a duplicate alg in the header is refused, also when escaped")
    func duplicateHeaderMember() throws {
        for header in [#"{"alg":"HS256","alg":"none"}"#, #"{"alg":"HS256","\u0061lg":"HS256"}"#] {
            let token = try Self.forge(header) { try Keys.hs256.signature(for: $0) }
            #expect(errorCode { try Self.hmacVerifier.verify(token) } == .duplicateJSONMember)
        }
    }

    @Test("a duplicate sub in the payload is refused after a valid signature")
    func duplicateClaim() throws {
        let token = try Self.forge(#"{"alg":"HS256"}"#, #"{"sub":"user","sub":"admin","exp":1900003600}"#) {
            try Keys.hs256.signature(for: $0)
        }
        #expect(errorCode { try Self.hmacVerifier.verify(token) } == .duplicateJSONMember)
    }

    @Test("non-canonical base64url in any segment is refused")
    func nonCanonicalBase64() throws {
        let token = try JWS.Signer(key: Keys.hs256, defaults: Clock.defaults).issue(Claims(subject: "s"))
        let parts = token.split(separator: ".").map(String.init)
        let tweakedLast = String(parts[2].dropLast()) + (parts[2].last == "A" ? "B" : "A")
        for forged in [
            "\(parts[0])=.\(parts[1]).\(parts[2])", "\(parts[0]).\(parts[1]).\(parts[2])=",
            "\(parts[0]).\(parts[1].replacingOccurrences(of: "_", with: "/")).\(parts[2])+",
            "\(parts[0]).\(parts[1]).\(tweakedLast)", " \(token)", "\(parts[0]).\(parts[1]).\(parts[2])\n",
        ] {
            let code = errorCode { try Self.hmacVerifier.verify(forged) }
            #expect(code == .invalidBase64URL || code == .authenticationFailed, "\(forged.suffix(8))")
            #expect(code != nil)
        }
        #expect(errorCode { try Self.hmacVerifier.verify("\(parts[0]).\(parts[1]).\(parts[2])=") } == .invalidBase64URL)
    }

    @Test("2, 4 or 5 segments are malformed", arguments: [2, 4, 5])
    func segmentCount(_ count: Int) throws {
        let token = try JWS.Signer(key: Keys.hs256, defaults: Clock.defaults).issue(Claims())
        let parts = token.split(separator: ".").map(String.init)
        let segments = count == 2 ? Array(parts.prefix(2)) : parts + Array(repeating: "e30", count: count - 3)
        #expect(errorCode { try Self.hmacVerifier.verify(segments.joined(separator: ".")) } == .malformedToken)
    }

    @Test("an empty signature is malformed")
    func emptySignature() throws {
        let token = try JWS.Signer(key: Keys.hs256, defaults: Clock.defaults).issue(Claims())
        let unsigned = token.split(separator: ".").prefix(2).joined(separator: ".") + "."
        #expect(errorCode { try Self.hmacVerifier.verify(unsigned) } == .malformedToken)
    }

    @Test("a 1 MB token is refused before decoding")
    func oversized() {
        let huge = String(repeating: "A", count: 1 << 20) + ".e30.AAAA"
        #expect(errorCode { try Self.hmacVerifier.verify(huge) } == .jsonTooLarge)
        let dots = String(repeating: ".", count: 100_000)
        #expect(errorCode { try Self.hmacVerifier.verify(dots) } == .malformedToken)
    }

    @Test(
        "a header that is an array, a string or not JSON is malformed",
        arguments: [#"["alg","HS256"]"#, #""HS256""#, "alg:HS256"]
    )
    func headerShape(_ header: String) throws {
        let token = try Self.forge(header) { try Keys.hs256.signature(for: $0) }
        #expect(errorCode { try Self.hmacVerifier.verify(token) } == .malformedToken)
    }

    @Test(
        "a payload that is not a JSON object is refused after the signature",
        arguments: ["not json", "[1]", #""s""#]
    )
    func payloadShape(_ payload: String) throws {
        let token = try Self.forge(#"{"alg":"HS256"}"#, payload) { try Keys.hs256.signature(for: $0) }
        #expect(errorCode { try Self.hmacVerifier.verify(token) } == .invalidJSON)
    }

    @Test("claim rules: expired, not yet valid, future iat, missing exp, wrong iss, aud and typ")
    func claimRules() throws {
        let signer = JWS.Signer(key: Keys.hs256, defaults: IssuingDefaults(lifetime: nil, setsIssuedAt: false))
        let now = Clock.now
        let cases: [(Claims, ValidationRules, TesseraError.Code)] = [
            (Claims(expiration: now.addingTimeInterval(-1)), Clock.rules, .expired),
            (Claims(expiration: now + 60, notBefore: now + 30), Clock.rules, .notYetValid),
            (Claims(expiration: now + 60, issuedAt: now + 30), Clock.rules, .issuedInFuture),
            (Claims(subject: "s"), Clock.rules, .missingClaim),
            (
                Claims(issuer: "them", expiration: now + 60), ValidationRules(issuer: "us", clock: .fixed(now)),
                .issuerMismatch
            ),
            (
                Claims(audience: ["a", "b"], expiration: now + 60), ValidationRules(audience: "c", clock: .fixed(now)),
                .audienceMismatch
            ),
        ]
        for (claims, rules, code) in cases {
            #expect(errorCode { try JWS.Verifier(key: Keys.hs256, rules: rules).verify(signer.issue(claims)) } == code)
        }
        var typed = Self.hmacVerifier
        typed.settings.requiredType = "at+jwt"
        #expect(errorCode { try typed.verify(signer.issue(Claims(expiration: now + 60))) } == .wrongHeader)
    }

    @Test(
        "NumericDate must be a number: strings, booleans and absurd magnitudes are refused",
        arguments: [
            #"{"exp":"1900003600"}"#, #"{"exp":true}"#, #"{"exp":1e300}"#, #"{"nbf":null,"exp":1900003600}"#,
        ]
    )
    func numericDateTypes(_ payload: String) throws {
        let token = try Self.forge(#"{"alg":"HS256"}"#, payload) { try Keys.hs256.signature(for: $0) }
        #expect(errorCode { try Self.hmacVerifier.verify(token) } == .invalidClaim)
    }

    @Test("an RSA-1024 key is refused when it is made")
    func weakRSA() {
        let pem = """
            -----BEGIN PUBLIC KEY-----
            MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDHBtODNqugMIuxf+vNbGwsnbgb
            9UMW8ESUFE83ts6q4eDt0A7J2VwRGHoENoM/VVdnz9kvJ6zl0rK/kFxX2dZxq2jj
            HxJ1wX+m+PAWxacXzi2BG7pIDna6UEMeSzM8UcJ+DP8ScE0NzJb5GNNydiLQV8h7
            uLLlwLjnJh/r9oBY/wIDAQAB
            -----END PUBLIC KEY-----
            """
        #expect(errorCode { try JWS.RSAPublicKey(algorithm: .rs256, pemRepresentation: pem) } == .invalidKey)
        #expect(errorCode { try JWS.RSAPrivateKey.generate(algorithm: .rs256, bits: 1024) } == .invalidKey)
    }

    @Test("a 16-byte HMAC secret is refused when it is made")
    func weakHMAC() {
        #expect(
            errorCode { try JWS.HMACKey(algorithm: .hs256, secret: [UInt8](repeating: 7, count: 16)) } == .invalidKey
        )
        #expect(
            errorCode { try JWS.HMACKey(algorithm: .hs512, secret: [UInt8](repeating: 7, count: 32)) } == .invalidKey
        )
        #expect(errorCode { try JWS.HMACKey(algorithm: .hs256, secret: [UInt8]()) } == .invalidKey)
    }

    @Test(
        "an RS256 key refuses PS256, RS512 and HS256 headers before any crypto",
        arguments: ["PS256", "RS512", "HS256", "EdDSA", "RS256 "]
    )
    func algorithmMismatch(_ alg: String) throws {
        let token = try Self.forge(#"{"alg":"\#(alg)"}"#) { try Keys.rsa.signature(for: $0) }
        #expect(errorCode { try Self.rsaVerifier.verify(token) } == .wrongHeader)
    }

    @Test(
        "JWE-only header members are refused",
        arguments: [#"{"alg":"HS256","zip":"DEF"}"#, #"{"alg":"HS256","enc":"A128GCM"}"#]
    )
    func jweMembers(_ header: String) throws {
        let token = try Self.forge(header) { try Keys.hs256.signature(for: $0) }
        #expect(errorCode { try Self.hmacVerifier.verify(token) } == .unsupportedHeader)
    }
}
