import TesseraCore
import TesseraJWS

/// The `--key` of a command: a PASETO PASERK or a JWS key file, read once.
enum CLIKey {
    case paseto(PASETOKey)
    case jws(JWSKey)

    /// Reads `--key` (a PASERK, or a file holding a PASERK, JWK, JWKS or PEM).
    init(_ argument: String, algorithm: String?, minimumRSABits: Int = JWS.minimumRSABits) throws(CLIError) {
        let text = try Inputs.keyText(argument)
        var pinned: JWS.Algorithm?
        if let algorithm {
            guard let known = JWS.Algorithm(name: algorithm) else {
                throw CLIError.unusable("--alg \(algorithm.prefix(16)) is not a supported JWS algorithm")
            }
            pinned = known
        }
        if text.hasPrefix("k4.") || text.hasPrefix("k3.") || text.hasPrefix("k2.") || text.hasPrefix("k1.") {
            guard pinned == nil else { throw CLIError.unusable("--alg applies to JWS keys, not PASERKs") }
            self = .paseto(try PASETOKey(paserk: text))
        } else {
            self = .jws(try JWSKey(text: text, algorithm: pinned, minimumRSABits: minimumRSABits))
        }
    }
}
