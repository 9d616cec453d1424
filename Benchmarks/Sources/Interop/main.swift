import Foundation
import JWTKit
import TesseraCore
import TesseraJWS

/// The claims both libraries sign and read.
struct Payload: JWTPayload, Equatable {
    var sub: SubjectClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) throws {
        try exp.verifyNotExpired()
    }

    static func == (lhs: Payload, rhs: Payload) -> Bool {
        lhs.sub.value == rhs.sub.value && lhs.exp.value == rhs.exp.value
    }
}

/// A Tessera key of `algorithm` with its private JWK and verification key.
func tesseraKey(_ algorithm: JWS.Algorithm) throws -> (any JWSSigningKey, JSONObject) {
    let key: any JWSSigningKey
    switch algorithm.name.prefix(2) {
    case "HS": key = try JWS.HMACKey.generate(algorithm: algorithm)
    case "RS", "PS": key = try JWS.RSAPrivateKey.generate(algorithm: algorithm)
    case "ES": key = try JWS.ECDSAPrivateKey.generate(algorithm: algorithm)
    default: key = try JWS.EdDSAPrivateKey.generate()
    }
    return (key, try key.jwk())
}

func verificationKey(_ key: some JWSSigningKey) -> any JWSVerificationKey { key.verificationKey }

func signer(_ key: some JWSSigningKey) -> any TokenIssuer { JWS.Signer(key: key) }

func digest(_ algorithm: JWS.Algorithm) -> DigestAlgorithm {
    switch algorithm {
    case .hs384: .sha384
    case .hs512: .sha512
    default: .sha256
    }
}

var failures: [String] = []
for algorithm in JWS.Algorithm.all {
    do {
        let (key, jwk) = try tesseraKey(algorithm)
        let kid = JWKIdentifier(string: key.keyID ?? "")
        let peer = JWTKeyCollection()
        if algorithm.name.hasPrefix("HS") {
            let secret = try Base64URL.decode(jwk["k"]?.stringValue ?? "")
            await peer.add(hmac: HMACKey(from: secret), digestAlgorithm: digest(algorithm), kid: kid)
        } else {
            let json = String(decoding: JSONWriter.bytes(for: .object(jwk)), as: UTF8.self)
            try await peer.add(jwk: JWK(json: json))
        }
        let claims = Payload(sub: "alice", exp: .init(value: Date().addingTimeInterval(600)))

        let fromPeer = try await peer.sign(claims, kid: kid)
        let verified = try JWS.Verifier(key: verificationKey(key)).verify(fromPeer)
        guard verified.claims.subject == "alice", verified.format.name == algorithm.name else {
            throw TesseraError(.invalidClaim, "claims differ after jwt-kit -> Tessera")
        }

        let fromTessera = try signer(key).issue(Claims(subject: "alice"))
        let read = try await peer.verify(fromTessera, as: Payload.self)
        guard read.sub.value == "alice" else {
            throw TesseraError(.invalidClaim, "claims differ after Tessera -> jwt-kit")
        }
        print("\(algorithm.name): jwt-kit -> Tessera ok, Tessera -> jwt-kit ok")
    } catch {
        failures.append("\(algorithm.name): \(error)")
        print("\(algorithm.name): FAILED: \(error)")
    }
}
print("\(JWS.Algorithm.all.count - failures.count) passed, \(failures.count) failed")
exit(failures.isEmpty ? 0 : 1)
