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
        // The private key's file is created before anything else, so that nothing (not even --public) is written
        // when it cannot be, and it is removed again if generation fails.
        let file = try output.map { path throws(CLIError) in try PrivateKeyFile(creating: path) }
        do {
            switch format {
            case "v4.local": try write(private: try PASETO.V4.Local.SymmetricKey().paserk, to: file)
            case "v4.public": try write(private: try PASETO.V4.Public.SecretKey().paserk, to: file)
            default:
                guard let algorithm = JWS.Algorithm(name: format) else {
                    throw CLIError.unusable(
                        "unknown format \"\(format.prefix(16))\"; use v4.local, v4.public or a JWS algorithm"
                    )
                }
                try generate(algorithm, to: file)
            }
        } catch let error as CLIError {
            file?.discard()
            throw error
        } catch let error as TesseraError {
            file?.discard()
            throw CLIError.unusable("key generation failed: \(error.reason)")
        }
    }

    private func generate(_ algorithm: JWS.Algorithm, to file: PrivateKeyFile?) throws {
        switch algorithm.name.prefix(2) {
        case "HS":
            guard publicFile == nil, !pem else {
                throw CLIError.unusable("HMAC keys are secrets: there is no public key or PEM form")
            }
            try write(private: try JWS.HMACKey.generate(algorithm: algorithm).jwk().text, to: file)
        case "RS", "PS":
            let key = try JWS.RSAPrivateKey.generate(algorithm: algorithm, bits: rsaBits)
            try emit(
                privateJWK: key.jwk(),
                privatePEM: key.pemRepresentation,
                publicJWK: key.verificationKey.jwk(),
                publicPEM: key.verificationKey.pemRepresentation,
                to: file
            )
        case "ES":
            let key = try JWS.ECDSAPrivateKey.generate(algorithm: algorithm)
            try emit(
                privateJWK: key.jwk(),
                privatePEM: key.pemRepresentation,
                publicJWK: key.verificationKey.jwk(),
                publicPEM: key.verificationKey.pemRepresentation,
                to: file
            )
        default:
            guard !pem else { throw CLIError.unusable("EdDSA keys are written as JWK") }
            let key = try JWS.EdDSAPrivateKey.generate()
            try emit(
                privateJWK: key.jwk(),
                privatePEM: "",
                publicJWK: key.verificationKey.jwk(),
                publicPEM: "",
                to: file
            )
        }
    }

    private func emit(
        privateJWK: JSONObject,
        privatePEM: String,
        publicJWK: JSONObject,
        publicPEM: String,
        to file: PrivateKeyFile?
    ) throws {
        if let publicFile {
            let text = pem ? publicPEM : publicJWK.text + "\n"
            guard FileManager.default.createFile(atPath: publicFile, contents: Data(text.utf8)) else {
                throw CLIError.unusable("cannot write \(publicFile)")
            }
        }
        try write(private: pem ? privatePEM.trimmingCharacters(in: .newlines) : privateJWK.text, to: file)
    }

    /// Prints the private key, or writes it to the `--output` file.
    private func write(private key: String, to file: PrivateKeyFile?) throws {
        guard let file else {
            print(key)
            return
        }
        try file.write(key)
    }
}

extension JSONObject {
    /// Compact JSON text.
    var text: String { String(decoding: JSONWriter.bytes(for: .object(self)), as: UTF8.self) }
}
