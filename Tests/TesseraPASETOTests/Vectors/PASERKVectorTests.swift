import Foundation
import TesseraCore
import TesseraPASETO
import TesseraTestSupport
import Testing

@Suite("Official PASERK k4 vectors", .enabled(if: vectorsEnabled, "vectors not found; set TESSERA_VECTORS"))
struct PASERKVectorTests {
    static let files = [
        "k4.local.json", "k4.public.json", "k4.secret.json", "k4.lid.json", "k4.pid.json", "k4.sid.json",
        "k4.local-wrap.pie.json", "k4.secret-wrap.pie.json", "k4.local-pw.json", "k4.secret-pw.json", "k4.seal.json",
    ]

    /// What one vector yields: the PASERK (for serialisation types) or the unwrapped key bytes' PASERK.
    func run(_ file: String, _ vector: PASERKVector) throws -> String {
        switch file {
        case "k4.local.json":
            if let key = vector.key {
                return try PASETO.V4.Local.SymmetricKey(rawRepresentation: [UInt8](hex: key)).paserk
            }
            return try PASETO.V4.Local.SymmetricKey(paserk: vector.paserk ?? "").paserk
        case "k4.public.json":
            return try PASETO.V4.Public.PublicKey(rawRepresentation: [UInt8](hex: vector.key ?? "")).paserk
        case "k4.secret.json":
            let key = try PASETO.V4.Public.SecretKey(rawRepresentation: [UInt8](hex: vector.key ?? ""))
            if let paserk = vector.paserk { #expect(try PASETO.V4.Public.SecretKey(paserk: paserk) == key) }
            return key.paserk
        case "k4.lid.json":
            return try PASETO.V4.Local.SymmetricKey(rawRepresentation: [UInt8](hex: vector.key ?? "")).id
        case "k4.pid.json":
            return try PASETO.V4.Public.PublicKey(rawRepresentation: [UInt8](hex: vector.key ?? "")).id
        case "k4.sid.json":
            return try PASETO.V4.Public.SecretKey(rawRepresentation: [UInt8](hex: vector.key ?? "")).id
        case "k4.local-wrap.pie.json":
            let wrapping = try PASETO.V4.Local.SymmetricKey(rawRepresentation: [UInt8](hex: vector.wrappingKey ?? ""))
            return try PASETO.V4.Local.SymmetricKey(wrapped: vector.paserk ?? "", wrappingKey: wrapping).paserk
        case "k4.secret-wrap.pie.json":
            let wrapping = try PASETO.V4.Local.SymmetricKey(rawRepresentation: [UInt8](hex: vector.wrappingKey ?? ""))
            return try PASETO.V4.Public.SecretKey(wrapped: vector.paserk ?? "", wrappingKey: wrapping).paserk
        case "k4.local-pw.json":
            return try PASETO.V4.Local.SymmetricKey(
                passwordWrapped: vector.paserk ?? "",
                password: Array((vector.password ?? "").utf8)
            ).paserk
        case "k4.secret-pw.json":
            return try PASETO.V4.Public.SecretKey(
                passwordWrapped: vector.paserk ?? "",
                password: Array((vector.password ?? "").utf8)
            ).paserk
        case "k4.seal.json":
            let recipient = try PASETO.V4.Public.SecretKey(
                rawRepresentation: [UInt8](hex: vector.sealingSecretKey ?? "")
            )
            return try PASETO.V4.Local.SymmetricKey(sealed: vector.paserk ?? "", recipient: recipient).paserk
        default:
            Issue.record("no runner for \(file)")
            return ""
        }
    }

    /// The PASERK a passing vector must produce.
    func expected(_ file: String, _ vector: PASERKVector) throws -> String? {
        switch file {
        case "k4.local-wrap.pie.json", "k4.local-pw.json", "k4.seal.json":
            return try (vector.unwrapped ?? vector.unsealed).map {
                try PASETO.V4.Local.SymmetricKey(rawRepresentation: [UInt8](hex: $0)).paserk
            }
        case "k4.secret-wrap.pie.json", "k4.secret-pw.json":
            return try vector.unwrapped.map {
                try PASETO.V4.Public.SecretKey(rawRepresentation: [UInt8](hex: $0)).paserk
            }
        default:
            return vector.paserk
        }
    }

    @Test("every case of every k4 file passes or fails as the file says", arguments: files)
    func file(_ file: String) throws {
        let vectors = try Vectors.load(file, as: VectorFile<PASERKVector>.self).tests
        #expect(!vectors.isEmpty, "\(file) has no cases")
        for vector in vectors {
            let produced = try? run(file, vector)
            if vector.expectFail {
                #expect(produced == nil, "\(vector.name) must fail")
            } else {
                let want = try expected(file, vector)
                #expect(produced != nil && produced == want, "\(vector.name)")
            }
        }
    }
}
