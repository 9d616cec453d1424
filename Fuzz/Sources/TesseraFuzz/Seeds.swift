import TesseraCore
import TesseraJWS
import TesseraPASETO

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Seed inputs for every target, made with Tessera itself from the fixed keys (no third-party corpus).
///
/// `.ci/fuzz` runs each fuzzer once with `TESSERA_FUZZ_WRITE_SEEDS=<dir>`; ``writeSeedsIfRequested(_:)`` (called from
/// `LLVMFuzzerInitialize`) then writes that target's seeds into the directory and exits.
public enum Seeds {
    /// Writes `seeds()` as files `seed-<n>` into `$TESSERA_FUZZ_WRITE_SEEDS` and exits, if that variable is set.
    ///
    /// - Parameter seeds: The target's seed generator.
    public static func writeSeedsIfRequested(_ seeds: () -> [[UInt8]]) {
        guard let directory = ProcessInfo.processInfo.environment["TESSERA_FUZZ_WRITE_SEEDS"] else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (index, seed) in seeds().enumerated() {
                let url = URL(fileURLWithPath: directory).appendingPathComponent("seed-\(index)")
                try Data(seed).write(to: url)
            }
        } catch {
            fatalError("cannot write seeds to \(directory): \(error)")
        }
        exit(0)
    }

    /// Claims the seeds carry: registered claims, an audience, custom claims of every JSON type.
    static let claims: [Claims] = [
        Claims(subject: "alice"),
        Claims(
            issuer: "https://auth.example.com",
            subject: "alice",
            audience: "api",
            expiration: Fixed.now.addingTimeInterval(3600),
            notBefore: Fixed.now.addingTimeInterval(-60),
            issuedAt: Fixed.now.addingTimeInterval(-60),
            tokenID: "id-1",
            custom: [
                "scope": "read write", "n": 12, "ok": true, "none": nil, "list": [1, "two", [3]],
                "obj": ["a": "\u{e9}\n\"\\"],
            ]
        ),
    ]

    /// Payloads for structured seeds: encoded claims in both codecs, and JSON that is not claims.
    static var payloads: [[UInt8]] {
        var payloads: [[UInt8]] = []
        for claims in Seeds.claims {
            if let bytes = try? ClaimsCodec.paseto.encode(claims) { payloads.append(bytes) }
            if let bytes = try? ClaimsCodec.jwt.encode(claims) { payloads.append(bytes) }
        }
        payloads.append(Array(#"{"exp":"2026-01-01T01:00:00Z","aud":["a","b"],"x":1e400}"#.utf8))
        payloads.append(Array(#"{"exp":1767229200.5,"iat":1767225599,"nbf":-1,"aud":["a","b"]}"#.utf8))
        payloads.append(Array(#"{"a":"\ud83d\ude00","a\u0000":[],"b":{"c":{"d":[null,false,-0.0e-0]}}}"#.utf8))
        return payloads
    }

    private static func text(_ strings: [String]) -> [[UInt8]] { strings.map { Array($0.utf8) } }

    private static func structured(_ mode: UInt8, _ parts: [UInt8]...) -> [UInt8] {
        [mode] + parts.flatMap { $0 }
    }

    /// Seeds of `paseto-local`.
    public static func pasetoLocal() -> [[UInt8]] {
        let key = Fixed.localKeys[0]
        let defaults = IssuingDefaults(clock: .fixed(Fixed.now))
        var tokens: [String] = []
        for claims in Seeds.claims {
            for footer in [PASETO.Footer.none, .keyID, .bytes(Array("plain footer".utf8))] {
                if let token = try? PASETO.V4.Local.Issuer(key: key, footer: footer, defaults: defaults).issue(claims) {
                    tokens.append(token)
                }
            }
        }
        var seeds = text(tokens)
        for payload in payloads {
            seeds.append(structured(1, [0, 0], payload))
            seeds.append(structured(1, [4, 3], Array("foot".utf8), Array("iat".utf8), payload))
        }
        return seeds
    }

    /// Seeds of `paseto-public`.
    public static func pasetoPublic() -> [[UInt8]] {
        let key = Fixed.secretKeys[0]
        let defaults = IssuingDefaults(clock: .fixed(Fixed.now))
        var tokens: [String] = []
        for claims in Seeds.claims {
            for footer in [PASETO.Footer.none, .keyID, .bytes(Array("plain footer".utf8))] {
                if let token = try? PASETO.V4.Public.Issuer(key: key, footer: footer, defaults: defaults).issue(claims)
                {
                    tokens.append(token)
                }
            }
        }
        var seeds = text(tokens)
        for payload in payloads {
            seeds.append(structured(1, [0, 0], payload))
            seeds.append(structured(1, [4, 3], Array("foot".utf8), Array("iat".utf8), payload))
        }
        return seeds
    }

    /// Seeds of `paseto-keyring`.
    public static func pasetoKeyring() -> [[UInt8]] {
        let defaults = IssuingDefaults(clock: .fixed(Fixed.now))
        var tokens: [String] = []
        for key in Fixed.localKeys {
            if let token = try? PASETO.V4.Local.Issuer(key: key, footer: .keyID, defaults: defaults).issue(
                Seeds.claims[0]
            ) {
                tokens.append(token)
            }
        }
        for key in Fixed.secretKeys {
            let footer = PASETO.Footer.json(["extra": [1, 2]], includingKeyID: true)
            if let token = try? PASETO.V4.Public.Issuer(key: key, footer: footer, defaults: defaults).issue(
                Seeds.claims[0]
            ) {
                tokens.append(token)
            }
        }
        var seeds = text(tokens)
        let payload = payloads[0]
        let template = Array(#"{"kid":"$K","x":{"y":1}}"#.utf8)
        for mode: UInt8 in [0, 1, 2, 3, 4, 5, 8, 9, 16, 17] {
            for kid: UInt8 in [0, 1, 2, 3, 4, 5, 6] {
                seeds.append([mode, kid, UInt8(template.count)] + template + payload)
            }
        }
        return seeds
    }

    /// Seeds of `paserk`.
    public static func paserk() -> [[UInt8]] {
        let password = Array("fuzz-password".utf8)
        let cost = PASETO.PasswordHashing(memoryBytes: 8 * 1024, operations: 1)
        var strings: [String] = []
        for key in Fixed.localKeys {
            strings += [key.paserk, key.id]
            strings += [try? key.wrapped(with: Fixed.localKeys[2]), try? key.sealed(to: Fixed.secretKeys[2].publicKey)]
                .compactMap { $0 }
            if let wrapped = try? key.passwordWrapped(password: password, cost: cost) { strings.append(wrapped) }
        }
        for key in Fixed.secretKeys {
            strings += [key.paserk, key.id, key.publicKey.paserk, key.publicKey.id]
            if let wrapped = try? key.wrapped(with: Fixed.localKeys[2]) { strings.append(wrapped) }
            if let wrapped = try? key.passwordWrapped(password: password, cost: cost) { strings.append(wrapped) }
        }
        strings.append("k3.local.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        var seeds = text(strings)
        seeds.append(structured(0, Fixed.bytes(40, count: 32), password))
        seeds.append(structured(1, Fixed.bytes(41, count: 32), password))
        var full: [UInt8] = []
        Fixed.secretKeys[0].withUnsafeBytes { full = Array($0) }
        seeds.append(structured(3, full, password))
        return seeds
    }

    private static func signedJWTs() -> [String] {
        let defaults = IssuingDefaults(clock: .fixed(Fixed.now))
        var tokens: [String] = []
        for claims in Seeds.claims {
            tokens += [
                try? JWS.Signer(key: Fixed.hs256, defaults: defaults).issue(claims),
                try? JWS.Signer(key: Fixed.es256, defaults: defaults).issue(claims),
                try? JWS.Signer(key: Fixed.eddsa, defaults: defaults).issue(claims),
                try? JWS.Signer(key: Fixed.rs256, type: nil, includesKeyID: false, defaults: defaults).issue(claims),
            ].compactMap { $0 }
        }
        return tokens
    }

    /// Seeds of `jws`.
    public static func jws() -> [[UInt8]] {
        var seeds = text(signedJWTs())
        let headers = [
            #"{"alg":"$A","typ":"JWT","kid":"$K"}"#, #"{"alg":"$A"}"#, #"{"alg":"none"}"#,
            #"{"alg":"$A","crit":["exp"],"exp":1}"#, #"{"alg":"$A","b64":false}"#, #"{"alg":"$A","kid":1}"#,
            #"{"alg":"$A","jwk":{"kty":"oct","k":"AAAA"},"x5t":"abc"}"#, #"{"alg":"$A","alg":"$A"}"#,
            #"{"alg":"$A","enc":"A128GCM","zip":"DEF"}"#, #"{"typ":"at+jwt","alg":"$A"}"#,
        ]
        for signer: UInt8 in 0...3 {
            for header in headers {
                let bytes = Array(header.utf8)
                seeds.append(structured(4 | signer, [UInt8(bytes.count)], bytes, payloads[1]))
            }
        }
        return seeds
    }

    /// Seeds of `jwk`.
    public static func jwk() -> [[UInt8]] {
        var objects: [JSONObject] = []
        let verificationKeys: [any JWSVerificationKey] = [
            Fixed.hs256, Fixed.es256.verificationKey, Fixed.eddsa.verificationKey, Fixed.rs256.verificationKey,
        ]
        for key in verificationKeys { if let jwk = try? key.jwk() { objects.append(jwk) } }
        for jwk in [try? Fixed.es256.jwk(), try? Fixed.eddsa.jwk(), try? Fixed.rs256.jwk()] {
            if let jwk { objects.append(jwk) }
        }
        var seeds = objects.map { JSONWriter.bytes(for: .object($0)) }
        let publicKeys = objects[1...3].map { JSONValue.object($0) }
        seeds.append(JSONWriter.bytes(for: ["keys": .array(publicKeys)]))
        seeds.append(
            JSONWriter.bytes(for: [
                "keys": .array([objects[0], ["kty": "oct", "k": "AAAA", "use": "enc"]].map { .object($0) })
            ])
        )
        seeds.append(Array(#"{"keys":[{"kty":"EC","crv":"P-384","alg":"ES384","x":"","y":""},{"kty":"X"}]}"#.utf8))
        return seeds
    }

    /// Seeds of `pem`.
    public static func pem() -> [[UInt8]] {
        var seeds: [[UInt8]] = []
        func add(_ mode: UInt8, _ pem: String?) {
            guard let pem else { return }
            seeds.append([mode] + Array(pem.utf8))
            seeds.append([mode | 8] + der(fromPEM: pem))
        }
        add(4, FixedKeyMaterial.rsaPrivatePEM)
        add(0, try? Fixed.rs256.verificationKey.pemRepresentation)
        add(5, FixedKeyMaterial.ecPrivatePEM)
        add(1, try? Fixed.es256.verificationKey.pemRepresentation)
        let seed = Fixed.bytes(22, count: 32)
        let privateDER: [UInt8] = [
            0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
        ]
        let publicDER: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]
        seeds.append([6] + Array(pem(label: "PRIVATE KEY", der: privateDER + seed).utf8))
        seeds.append(
            [2] + Array(pem(label: "PUBLIC KEY", der: publicDER + Fixed.eddsa.verificationKey.rawRepresentation).utf8)
        )
        return seeds
    }

    private static func der(fromPEM pem: String) -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Data(base64Encoded: body).map { Array($0) } ?? []
    }

    private static func pem(label: String, der: [UInt8]) -> String {
        let body = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    /// Seeds of `json-claims`.
    public static func jsonClaims() -> [[UInt8]] {
        payloads
            + text([
                #"[1,-0,0.5e+10,1E-2,"\u00e9\t",true,false,null,{}]"#, #"{"exp":"2026-01-01T00:00:00.123456+05:30"}"#,
                #"{"iat":"0000-01-01T00:00:00Z","nbf":"9999-12-31T23:59:59-00:01"}"#, #"{"aud":[],"sub":1}"#,
                " \r\n\t{ \"a\" : [ ] } ",
            ])
    }

    /// Seeds of `base64url`.
    public static func base64URL() -> [[UInt8]] {
        text(["", "AA", "AAA", "AAAA", "-_-_", "eyJhbGciOiJIUzI1NiJ9", "AB", "ABC=", "A+/="])
    }

    /// Seeds of `migration`.
    public static func migration() -> [[UInt8]] {
        var seeds = text(signedJWTs())
        for mode: UInt8 in 0...3 {
            for payload in payloads { seeds.append([mode] + payload) }
        }
        return seeds
    }
}
