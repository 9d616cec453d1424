import Foundation
import TesseraTestSupport
import Testing

struct VectorFile<Case: Decodable>: Decodable {
    let name: String
    let tests: [Case]
}

struct TokenVector: Decodable, CustomTestStringConvertible, Sendable {
    let name: String
    let expectFail: Bool
    let key: String?
    let nonce: String?
    let publicKey: String?
    let secretKey: String?
    let secretKeySeed: String?
    let token: String
    let payload: String?
    let footer: String
    let implicitAssertion: String

    var testDescription: String { name }

    enum CodingKeys: String, CodingKey {
        case name, key, nonce, token, payload, footer
        case expectFail = "expect-fail"
        case publicKey = "public-key"
        case secretKey = "secret-key"
        case secretKeySeed = "secret-key-seed"
        case implicitAssertion = "implicit-assertion"
    }
}

struct PASERKVector: Decodable, Sendable {
    struct Options: Decodable, Sendable {
        let memlimit: UInt64?
        let opslimit: UInt32?
    }

    let name: String
    let expectFail: Bool
    let key: String?
    let paserk: String?
    let seed: String?
    let secretKeySeed: String?
    let publicKey: String?
    let unwrapped: String?
    let wrappingKey: String?
    let password: String?
    let options: Options?
    let sealingSecretKey: String?
    let sealingPublicKey: String?
    let unsealed: String?

    enum CodingKeys: String, CodingKey {
        case name, key, paserk, seed, unwrapped, password, options, unsealed
        case expectFail = "expect-fail"
        case secretKeySeed = "secret-key-seed"
        case publicKey = "public-key"
        case wrappingKey = "wrapping-key"
        case sealingSecretKey = "sealing-secret-key"
        case sealingPublicKey = "sealing-public-key"
    }
}
