import TesseraCore
import TesseraJWS

/// `pem`: PEM and DER key import through OpenSSL's decoders (`OSSL_DECODER`), public and private, RSA, EC and Ed25519.
///
/// Input: `mode ‖ data`. Mode bits 0–1 pick the family (RSA, EC, Ed25519), bit 2 private or public, bit 3 DER or
/// PEM (Ed25519 reads PEM only), bits 4–5 the algorithm within the family (RS256/PS256; ES256/ES384/ES512). An
/// accepted key must export PEM (or a JWK for Ed25519 public keys) that imports again to the same thumbprint, and a
/// private key must sign what its public key accepts.
public enum PEMHarness {
    /// Runs one input.
    ///
    /// - Parameter bytes: The fuzzer's input.
    public static func run(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let mode = input.byte()
        let data = input.rest()
        let text = String(decoding: data, as: UTF8.self)
        let isPrivate = mode & 4 != 0
        let isDER = mode & 8 != 0
        let variant = Int(mode >> 4) & 3
        switch mode & 3 {
        case 0:
            let algorithm: JWS.Algorithm = variant & 1 == 0 ? .rs256 : .ps256
            if isPrivate {
                let key =
                    isDER
                    ? try? JWS.RSAPrivateKey(algorithm: algorithm, derRepresentation: data)
                    : try? JWS.RSAPrivateKey(algorithm: algorithm, pemRepresentation: text)
                guard let key else { return }
                checkSigning(key) { pem throws(TesseraError) in
                    try JWS.RSAPrivateKey(algorithm: algorithm, pemRepresentation: pem)
                }
            } else {
                let key =
                    isDER
                    ? try? JWS.RSAPublicKey(algorithm: algorithm, derRepresentation: data)
                    : try? JWS.RSAPublicKey(algorithm: algorithm, pemRepresentation: text)
                guard let key else { return }
                checkPublic(
                    key,
                    pem: { () throws(TesseraError) in try key.pemRepresentation },
                    read: { pem throws(TesseraError) in
                        try JWS.RSAPublicKey(algorithm: algorithm, pemRepresentation: pem)
                    }
                )
            }
        case 1:
            let algorithm = [JWS.Algorithm.es256, .es384, .es512, .es256][variant]
            if isPrivate {
                let key =
                    isDER
                    ? try? JWS.ECDSAPrivateKey(algorithm: algorithm, derRepresentation: data)
                    : try? JWS.ECDSAPrivateKey(algorithm: algorithm, pemRepresentation: text)
                guard let key else { return }
                checkSigning(key) { pem throws(TesseraError) in
                    try JWS.ECDSAPrivateKey(algorithm: algorithm, pemRepresentation: pem)
                }
            } else {
                let key =
                    isDER
                    ? try? JWS.ECDSAPublicKey(algorithm: algorithm, derRepresentation: data)
                    : try? JWS.ECDSAPublicKey(algorithm: algorithm, pemRepresentation: text)
                guard let key else { return }
                checkPublic(
                    key,
                    pem: { () throws(TesseraError) in try key.pemRepresentation },
                    read: { pem throws(TesseraError) in
                        try JWS.ECDSAPublicKey(algorithm: algorithm, pemRepresentation: pem)
                    }
                )
            }
        default:
            if isPrivate {
                guard let key = try? JWS.EdDSAPrivateKey(pemRepresentation: text) else { return }
                let message = Array("tessera fuzz".utf8)
                do {
                    let signature = try key.signature(for: message)
                    try checkOrThrow(
                        try key.verificationKey.isValidSignature(signature, for: message),
                        "an imported Ed25519 key's signature does not verify"
                    )
                    let again = try JWS.JWK.signingKey(
                        from: String(decoding: JSONWriter.bytes(for: .object(key.jwk())), as: UTF8.self)
                    )
                    try checkOrThrow(
                        try again.verificationKey.thumbprint() == key.verificationKey.thumbprint(),
                        "an imported Ed25519 key's JWK reads back to another key"
                    )
                } catch { mustNotThrow(error, "using an imported Ed25519 key") }
            } else {
                guard let key = try? JWS.EdDSAPublicKey(pemRepresentation: text) else { return }
                check(
                    key.rawRepresentation.count == 32,
                    "an Ed25519 public key has \(key.rawRepresentation.count) bytes"
                )
                do {
                    let again = try JWS.JWK.verificationKey(from: key.jwk())
                    try checkOrThrow(
                        try again.thumbprint() == key.thumbprint(),
                        "an Ed25519 key's JWK reads back to another key"
                    )
                } catch { mustNotThrow(error, "re-exporting an imported Ed25519 key") }
            }
        }
    }

    private static func checkPublic<Key: JWSVerificationKey>(
        _ key: Key,
        pem: () throws(TesseraError) -> String,
        read: (String) throws(TesseraError) -> Key
    ) {
        do {
            let thumbprint = try key.thumbprint()
            check(key.keyID == thumbprint, "an imported key without kid did not get its thumbprint as kid")
            let exported = try pem()
            check(exported.hasPrefix("-----BEGIN PUBLIC KEY-----"), "a public key exported as \(exported.prefix(30))")
            let again = try read(exported)
            try checkOrThrow(
                try again.thumbprint() == thumbprint,
                "a public key's exported PEM reads back to another key"
            )
            let fromJWK = try JWS.JWK.verificationKey(from: key.jwk())
            try checkOrThrow(try fromJWK.thumbprint() == thumbprint, "a public key's JWK reads back to another key")
        } catch { mustNotThrow(error, "re-exporting an imported public key") }
    }

    private static func checkSigning<Key: JWSSigningKey>(
        _ key: Key,
        read: (String) throws(TesseraError) -> Key
    ) where Key: PEMExportable {
        let message = Array("tessera fuzz".utf8)
        do {
            let signature = try key.signature(for: message)
            try checkOrThrow(
                try key.verificationKey.isValidSignature(signature, for: message),
                "an imported private key's signature does not verify under its public key"
            )
            let thumbprint = try key.verificationKey.thumbprint()
            check(key.keyID == thumbprint, "an imported private key without kid did not get its thumbprint as kid")
            let exported = try key.exportedPEM()
            check(exported.hasPrefix("-----BEGIN PRIVATE KEY-----"), "a private key exported as \(exported.prefix(30))")
            let again = try read(exported)
            try checkOrThrow(
                try again.verificationKey.thumbprint() == thumbprint,
                "a private key's exported PEM reads back to another key"
            )
        } catch { mustNotThrow(error, "re-exporting an imported private key") }
    }
}

/// Private keys that export PEM PKCS#8.
protocol PEMExportable {
    /// The key as PEM.
    func exportedPEM() throws(TesseraError) -> String
}

extension JWS.RSAPrivateKey: PEMExportable {
    func exportedPEM() throws(TesseraError) -> String { try pemRepresentation }
}

extension JWS.ECDSAPrivateKey: PEMExportable {
    func exportedPEM() throws(TesseraError) -> String { try pemRepresentation }
}
