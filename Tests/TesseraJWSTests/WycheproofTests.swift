import Foundation
import TesseraCore
import TesseraJWS
import TesseraTestSupport
import Testing

/// Project Wycheproof through the same key types and verification path the JWS verifier uses.
///
/// Agreement must be 100%. Where a strict one-algorithm-per-key library must differ from an upstream label, the
/// case is listed in ``overrides`` with its reason (the same list as in `../shared/vectors/wycheproof/README.md` and
/// SPEC-NOTES.md).
@Suite("Wycheproof", .enabled(if: vectorsEnabled, "vectors not found; set TESSERA_VECTORS"))
struct WycheproofTests {
    struct PrimitiveFile: CustomTestStringConvertible, Sendable {
        let name: String
        let algorithm: JWS.Algorithm
        var testDescription: String { name }
    }

    static let primitiveFiles = [
        PrimitiveFile(name: "ecdsa_secp256r1_sha256_p1363_test.json", algorithm: .es256),
        PrimitiveFile(name: "ecdsa_secp384r1_sha384_p1363_test.json", algorithm: .es384),
        PrimitiveFile(name: "ecdsa_secp521r1_sha512_p1363_test.json", algorithm: .es512),
        PrimitiveFile(name: "ed25519_test.json", algorithm: .eddsa),
        PrimitiveFile(name: "rsa_signature_2048_sha256_test.json", algorithm: .rs256),
        PrimitiveFile(name: "rsa_signature_3072_sha384_test.json", algorithm: .rs384),
        PrimitiveFile(name: "rsa_signature_4096_sha512_test.json", algorithm: .rs512),
        PrimitiveFile(name: "rsa_pss_2048_sha256_mgf1_32_test.json", algorithm: .ps256),
        PrimitiveFile(name: "rsa_pss_2048_sha384_mgf1_48_test.json", algorithm: .ps384),
        PrimitiveFile(name: "rsa_pss_4096_sha512_mgf1_64_test.json", algorithm: .ps512),
        PrimitiveFile(name: "hmac_sha256_test.json", algorithm: .hs256),
        PrimitiveFile(name: "hmac_sha384_test.json", algorithm: .hs384),
        PrimitiveFile(name: "hmac_sha512_test.json", algorithm: .hs512),
    ]

    /// Upstream labels a strict library overrides in the JWS-level files: `nil` = skip, `false` = must reject.
    static let overrides: [String: [Int: Bool?]] = [
        "json_web_signature_test.json": [
            367: nil, 370: nil,  // byte-identical to the valid tc 357 (padding lost upstream)
            372: false, 373: false,  // '?' inside a base64url segment
            346: false, 350: false,  // key bound to PS256, token header PS384
            347: false, 351: false,  // key alg "ES521" is not a registered JWS algorithm
            349: false,  // key_ops is ["sign, verify"]: one string that names no operation, so not "verify"
        ]
    ]

    static func key(for group: JSONObject, algorithm: JWS.Algorithm) throws -> any JWSVerificationKey {
        if let jwk = group["publicKeyJwk"]?.objectValue ?? group["keyJwk"]?.objectValue {
            var pinned = jwk
            pinned["alg"] = nil
            return try JWS.JWK.verificationKey(from: pinned, algorithm: algorithm)
        }
        let der = [UInt8](hex: group["publicKeyDer"]?.string ?? "")
        switch algorithm {
        case .es256, .es384, .es512: return try JWS.ECDSAPublicKey(algorithm: algorithm, derRepresentation: der)
        case .eddsa:
            return try JWS.EdDSAPublicKey(
                rawRepresentation: [UInt8](hex: group["publicKey"]?.object["pk"]?.string ?? "")
            )
        default: return try JWS.RSAPublicKey(algorithm: algorithm, derRepresentation: der)
        }
    }

    @Test("primitive signature files agree case for case", arguments: primitiveFiles)
    func primitives(_ file: PrimitiveFile) throws {
        let document = try VectorJSON.load("wycheproof", file.name)
        var checked = 0
        var shortHMACKeys = 0
        for groupValue in document["testGroups"]?.array ?? [] {
            let group = groupValue.object
            if let tagSize = group["tagSize"]?.int, tagSize != file.algorithm.digestBitsForTests { continue }
            let groupKey = group["tagSize"] == nil ? (try? Self.key(for: group, algorithm: file.algorithm)) : nil
            for testValue in group["tests"]?.array ?? [] {
                let test = testValue.object
                let id = test["tcId"]?.int ?? -1
                let message = [UInt8](hex: test["msg"]?.string ?? "")
                let signature = [UInt8](hex: (test["sig"] ?? test["tag"])?.string ?? "")
                let key: (any JWSVerificationKey)?
                if group["tagSize"] != nil {
                    let secret = [UInt8](hex: test["key"]?.string ?? "")
                    key = try? JWS.HMACKey(algorithm: file.algorithm, secret: secret)
                    if key == nil, test["result"]?.string == "valid" {
                        shortHMACKeys += 1
                        #expect(secret.count < file.algorithm.digestBitsForTests / 8, "\(file.name) tc \(id)")
                        continue
                    }
                } else {
                    key = groupKey
                }
                let accepted = (try? key?.isValidSignature(signature, for: message)) == true
                switch test["result"]?.string {
                case "valid": #expect(accepted, "\(file.name) tc \(id) (\(test["comment"]?.string ?? "")) must verify")
                case "invalid": #expect(!accepted, "\(file.name) tc \(id) (\(test["comment"]?.string ?? "")) must fail")
                default: break
                }
                checked += 1
            }
        }
        #expect(checked > 80, "\(file.name): only \(checked) cases ran")
        if file.algorithm.name.hasPrefix("HS") {
            #expect(shortHMACKeys == 3, "\(file.name): RFC 7518 §3.2 refuses exactly the 3 short-key cases")
        }
    }

    @Test(
        "JWS- and JWK-level files agree, with the documented label overrides",
        arguments: [
            "json_web_signature_test.json", "json_web_key_test.json", "json_web_crypto_test.json",
        ]
    )
    func joseFiles(_ name: String) throws {
        let document = try VectorJSON.load("wycheproof", name)
        var checked = 0
        for groupValue in document["testGroups"]?.array ?? [] {
            let group = groupValue.object
            let privateKey = group["private"]?.object ?? JSONObject()
            let verifier: JWS.Verifier?
            if privateKey["keys"] != nil {
                verifier = (try? JWS.KeySet(jwks: privateKey.text)).map { JWS.Verifier(keys: $0) }
            } else {
                verifier = (try? JWS.JWK.verificationKey(from: privateKey)).map { JWS.Verifier(key: $0) }
            }
            for testValue in group["tests"]?.array ?? [] {
                let test = testValue.object
                guard test["jws"] != nil else { continue }
                let id = test["tcId"]?.int ?? -1
                var expected: Bool? = test["result"]?.string == "valid"
                if let override = Self.overrides[name]?[id] { expected = override }
                guard let expected else { continue }
                let accepted: Bool
                if let compact = test["jws"]?.stringValue, let verifier {
                    accepted = (try? verifier.verifyMessage(compact)) != nil
                } else {
                    accepted = false
                }
                #expect(
                    accepted == expected,
                    "\(name) tc \(id) (\(test["comment"]?.string ?? "")): expected \(expected)"
                )
                checked += 1
            }
        }
        #expect(checked > 20)
    }
}

extension JWS.Algorithm {
    /// The hash size in bits, from the algorithm's name.
    var digestBitsForTests: Int { Int(name.suffix(3)) ?? 512 }
}
