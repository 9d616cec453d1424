import Foundation
import TesseraCore
import TesseraJWS
import TesseraTestSupport
import Testing

@Suite(
    "RFC 7515, 7520, 8037 and 7797 known answers",
    .enabled(if: vectorsEnabled, "vectors not found; set TESSERA_VECTORS")
)
struct RFCVectorTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        let object: JSONObject
        var testDescription: String { object["id"]?.string ?? "?" }
        subscript(name: String) -> JSONValue? { object[name] }
    }

    static func vectors() throws -> [Vector] {
        guard Vectors.directory != nil else { return [] }
        return try VectorJSON.load("jose", "rfc-vectors.json")["vectors"]?.array.map { Vector(object: $0.object) } ?? []
    }

    @Test("the vector file has its 17 entries")
    func complete() throws {
        #expect(try VectorJSON.load("jose", "rfc-vectors.json")["vectors"]?.array.count == 17)
    }

    @Test("each compact vector verifies or is refused as Tessera promises", arguments: try vectors())
    func vector(_ vector: Vector) throws {
        let id = vector["id"]?.string ?? ""
        guard let compact = vector["compact"]?.stringValue else {
            #expect(
                vector["expect"]?.string == "valid-json-serialization-only" || vector["thumbprintSHA256"] != nil,
                "\(id)"
            )
            return
        }
        let payload = Array((vector["payload"]?.string ?? "").utf8)
        guard let algorithm = JWS.Algorithm(name: vector["alg"]?.string ?? "") else {
            let key = try JWS.HMACKey.generate(algorithm: .hs256)
            #expect(errorCode { try JWS.Verifier(key: key).verifyMessage(compact) } == .wrongHeader, "\(id): alg none")
            return
        }
        let key = try JWS.JWK.verificationKey(from: vector["jwk"]?.object ?? JSONObject(), algorithm: algorithm)
        let verifier = JWS.Verifier(key: key)
        switch (vector["expect"]?.string, vector["detachedPayload"] == .bool(true)) {
        case ("valid", true):
            let code = errorCode { try verifier.verifyMessage(compact) }
            #expect(
                code == .authenticationFailed,
                "\(id): detached content is not supported; it verifies as an empty payload"
            )
        case ("valid", _):
            let message = try verifier.verifyMessage(compact)
            #expect(message.payload == payload, "\(id)")
            if vector["deterministic"] == .bool(true) {
                let signingKey = try JWS.JWK.signingKey(
                    from: (vector["jwk"]?.object ?? JSONObject()).text,
                    algorithm: algorithm
                )
                let segments = compact.split(separator: ".", omittingEmptySubsequences: false)
                let input = Array("\(segments[0]).\(segments[1])".utf8)
                #expect(
                    Base64URL.encode(try signingKey.signature(for: input)) == segments[2],
                    "\(id): re-signing differs"
                )
            }
        default:
            #expect(
                errorCode { try verifier.verifyMessage(compact) } == .unsupportedHeader,
                "\(id): b64 false is refused"
            )
        }
    }

    @Test("RFC 8037: the Ed25519 public key and thumbprint derive from the private key")
    func ed25519Thumbprint() throws {
        let vector = try #require(try Self.vectors().first { $0["id"]?.string == "rfc8037-A.1-A.3" })
        let privateKey = try JWS.JWK.signingKey(
            from: (vector["jwkPrivate"]?.object ?? JSONObject()).text,
            algorithm: .eddsa
        )
        let publicJWK = vector["jwkPublic"]?.object ?? JSONObject()
        let publicKey = try JWS.JWK.verificationKey(from: publicJWK, algorithm: .eddsa)
        #expect(try publicKey.thumbprint() == vector["thumbprintSHA256"]?.string)
        #expect(try JWS.JWK.thumbprint(of: publicJWK) == vector["thumbprintSHA256"]?.string)
        #expect(
            try privateKey.signature(for: [1])
                == JWS.EdDSAPrivateKey(seed: Base64URL.decode(vector["jwkPrivate"]?.object["d"]?.string ?? ""))
                .signature(for: [1])
        )
    }
}
