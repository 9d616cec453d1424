import Foundation
import TesseraCore
import TesseraJWS
import TesseraTestSupport
import Testing

/// Reads vector files with Tessera's own strict parser (big limits: Wycheproof files are large).
enum VectorJSON {
    static let parser = JSONParser(limits: JSONLimits(maxBytes: 64 << 20, maxDepth: 16, maxMembers: 10_000_000))

    static func load(_ folder: String, _ name: String) throws -> JSONObject {
        try parser.parseObject(Array(Vectors.data(folder, name)))
    }
}

extension JSONValue {
    var object: JSONObject { objectValue ?? JSONObject() }
    var array: [JSONValue] {
        if case .array(let values) = self { return values }
        return []
    }
    var string: String { stringValue ?? "" }
    var int: Int {
        if case .number(let number) = self { return Int(number.text) ?? -1 }
        return -1
    }
}

extension JSONObject {
    var text: String { String(decoding: JSONWriter.bytes(for: .object(self)), as: UTF8.self) }
}

/// Fixed time for claim validation in tests.
enum Clock {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let rules = ValidationRules(clock: .fixed(now))
    static let defaults = IssuingDefaults(clock: .fixed(now))
}

/// One signing key of every algorithm, made once per test run (RSA generation is slow).
enum Keys {
    static let hs256 = try! JWS.HMACKey.generate(algorithm: .hs256)
    static let hs384 = try! JWS.HMACKey.generate(algorithm: .hs384)
    static let hs512 = try! JWS.HMACKey.generate(algorithm: .hs512)
    static let rsa = try! JWS.RSAPrivateKey.generate(algorithm: .rs256)
    static let es256 = try! JWS.ECDSAPrivateKey.generate(algorithm: .es256)
    static let es384 = try! JWS.ECDSAPrivateKey.generate(algorithm: .es384)
    static let es512 = try! JWS.ECDSAPrivateKey.generate(algorithm: .es512)
    static let eddsa = try! JWS.EdDSAPrivateKey.generate()

    /// The shared RSA key rebound to another RS/PS algorithm.
    static func rsa(_ algorithm: JWS.Algorithm) -> JWS.RSAPrivateKey {
        try! JWS.RSAPrivateKey(algorithm: algorithm, pemRepresentation: rsa.pemRepresentation)
    }

    /// A signer/verifier pair per algorithm, type-erased for parameterised tests.
    static func pair(_ algorithm: JWS.Algorithm) -> (any TokenIssuer, any JWSVerificationKey) {
        switch algorithm {
        case .hs256: (JWS.Signer(key: hs256, defaults: Clock.defaults), hs256)
        case .hs384: (JWS.Signer(key: hs384, defaults: Clock.defaults), hs384)
        case .hs512: (JWS.Signer(key: hs512, defaults: Clock.defaults), hs512)
        case .es256: (JWS.Signer(key: es256, defaults: Clock.defaults), es256.verificationKey)
        case .es384: (JWS.Signer(key: es384, defaults: Clock.defaults), es384.verificationKey)
        case .es512: (JWS.Signer(key: es512, defaults: Clock.defaults), es512.verificationKey)
        case .eddsa: (JWS.Signer(key: eddsa, defaults: Clock.defaults), eddsa.verificationKey)
        default:
            { key in (JWS.Signer(key: key, defaults: Clock.defaults), key.verificationKey) }(rsa(algorithm))
        }
    }
}
