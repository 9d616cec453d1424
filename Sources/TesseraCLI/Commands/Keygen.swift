import ArgumentParser
import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO

/// `tessera keygen FORMAT`: a new key.
struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a key: a PASERK for v4.local/v4.public, a private JWK (or PEM) for a JWS algorithm.",
        discussion: """
            JWS keys carry their alg and their RFC 7638 thumbprint as kid. --public FILE also writes the matching \
            public key (JWK, or PEM with --pem); for v4.public use 'tessera key public'. --output FILE writes the \
            private key to a new file readable by its owner only (mode 0600); an existing file is never overwritten.
            """
    )

    @Argument(help: "v4.local, v4.public, or a JWS algorithm: HS256 … HS512, RS256 … PS512, ES256 … ES512, EdDSA.")
    var format: String

    @Option(name: .customLong("public"), help: "Also write the public key to this file (JWS asymmetric keys).")
    var publicFile: String?

    @Option(help: "Write the private key to this new file, mode 0600, instead of standard output.")
    var output: String?

    @Flag(help: "Write PEM (PKCS#8 / SubjectPublicKeyInfo) instead of JWK (RS*, PS*, ES*).")
    var pem = false

    @Option(name: .customLong("rsa-bits"), help: "RSA modulus size (at least 2048).")
    var rsaBits = 2048

    func run() throws {
        do {
            switch format {
            case "v4.local": try write(private: try PASETO.V4.Local.SymmetricKey().paserk)
            case "v4.public": try write(private: try PASETO.V4.Public.SecretKey().paserk)
            default:
                guard let algorithm = JWS.Algorithm(name: format) else {
                    throw CLIError.unusable(
                        "unknown format \"\(format.prefix(16))\"; use v4.local, v4.public or a JWS algorithm"
                    )
                }
                try generate(algorithm)
            }
        } catch let error as CLIError {
            throw error
        } catch let error as TesseraError {
            throw CLIError.unusable("key generation failed: \(error.reason)")
        }
    }

    private func generate(_ algorithm: JWS.Algorithm) throws {
        switch algorithm.name.prefix(2) {
        case "HS":
            guard publicFile == nil, !pem else {
                throw CLIError.unusable("HMAC keys are secrets: there is no public key or PEM form")
            }
            try write(private: try JWS.HMACKey.generate(algorithm: algorithm).jwk().text)
        case "RS", "PS":
            let key = try JWS.RSAPrivateKey.generate(algorithm: algorithm, bits: rsaBits)
            try emit(
                privateJWK: key.jwk(),
                privatePEM: key.pemRepresentation,
                publicJWK: key.verificationKey.jwk(),
                publicPEM: key.verificationKey.pemRepresentation
            )
        case "ES":
            let key = try JWS.ECDSAPrivateKey.generate(algorithm: algorithm)
            try emit(
                privateJWK: key.jwk(),
                privatePEM: key.pemRepresentation,
                publicJWK: key.verificationKey.jwk(),
                publicPEM: key.verificationKey.pemRepresentation
            )
        default:
            guard !pem else { throw CLIError.unusable("EdDSA keys are written as JWK") }
            let key = try JWS.EdDSAPrivateKey.generate()
            try emit(privateJWK: key.jwk(), privatePEM: "", publicJWK: key.verificationKey.jwk(), publicPEM: "")
        }
    }

    private func emit(privateJWK: JSONObject, privatePEM: String, publicJWK: JSONObject, publicPEM: String) throws {
        if let publicFile {
            let text = pem ? publicPEM : publicJWK.text + "\n"
            guard FileManager.default.createFile(atPath: publicFile, contents: Data(text.utf8)) else {
                throw CLIError.unusable("cannot write \(publicFile)")
            }
        }
        try write(private: pem ? privatePEM.trimmingCharacters(in: .newlines) : privateJWK.text)
    }

    /// Prints the private key, or writes it to `--output`: created with `O_CREAT | O_EXCL` and mode 0600, so the
    /// key is never readable by other users, not even for a moment, and an existing file is never replaced.
    private func write(private key: String) throws {
        guard let output else {
            print(key)
            return
        }
        let descriptor = open(output, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it exists; keys are never overwritten" : String(cString: strerror(errno))
            throw CLIError.unusable("cannot create \(output): \(reason)")
        }
        defer { close(descriptor) }
        let bytes = Array((key + "\n").utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw CLIError.unusable("cannot write \(output): \(String(cString: strerror(errno)))")
        }
    }
}

extension JSONObject {
    /// Compact JSON text.
    var text: String { String(decoding: JSONWriter.bytes(for: .object(self)), as: UTF8.self) }
}
