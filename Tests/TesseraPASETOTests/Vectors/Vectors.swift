import Foundation
import Testing

/// Finds the conformance vectors in `$TESSERA_VECTORS` or a `shared/vectors` folder beside an ancestor of this file.
enum Vectors {
    static let directory: URL? = {
        if let path = ProcessInfo.processInfo.environment["TESSERA_VECTORS"], !path.isEmpty {
            let folder = URL(fileURLWithPath: path)
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent("paseto").path) ? folder : nil
        }
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.pathComponents.count > 1 {
            let candidate = folder.appendingPathComponent("shared/vectors")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("paseto").path) {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }()

    /// Whether missing vectors must fail the run (under CI) instead of skipping.
    static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    static var available: Bool {
        if directory == nil {
            print("note: conformance vectors not found; set TESSERA_VECTORS or put shared/vectors beside the project")
        }
        return directory != nil
    }

    /// Decodes `paseto/<name>` as `T`; records an issue when the vectors are missing.
    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        guard let directory else {
            Issue.record("conformance vectors are missing (CI=true): set TESSERA_VECTORS or provide ../shared/vectors")
            throw VectorsMissing()
        }
        let data = try Data(contentsOf: directory.appendingPathComponent("paseto").appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }

    struct VectorsMissing: Error {}
}

/// The condition every vector suite uses: run when present, and also under CI so that absence fails.
let vectorsEnabled = Vectors.available || Vectors.required

extension Array where Element == UInt8 {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        self = bytes
    }
}

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
