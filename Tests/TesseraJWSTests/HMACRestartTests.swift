import Foundation
import TesseraCore
import TesseraSodium
import Testing

@testable import TesseraJWS

/// Both ways a pooled HMAC context is restarted after each MAC: without the key (OpenSSL 3.0.3 and later) and with
/// it again (the provider of OpenSSL 3.0.0–3.0.2, which ignores a restart without the key). Only the first is what
/// this machine's provider needs; the second is chosen here so that it runs at all.
@Suite("HMAC context restarts")
struct HMACRestartTests {
    /// RFC 4231 test case 2, answers from Python's `hmac`.
    static let cases: [(bits: Int, mac: String)] = [
        (256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (384, "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"),
        (
            512,
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
        ),
    ]

    @Test("This machine's provider restarts a context without its key (the probe's answer on OpenSSL 3.0.22)")
    func probe() {
        #expect(HMACContext.providerRestartsWithoutKey)
    }

    @Test("Every reuse of a context gives the RFC 4231 answer, on both restart paths", arguments: [true, false])
    func reuse(restartsWithoutKey: Bool) throws {
        let message = Array("what do ya want for nothing?".utf8)
        for (bits, mac) in Self.cases {
            let context = try HMACContext(
                key: SecretBytes(copying: Array("Jefe".utf8)),
                digest: LibCrypto.digest(bits: bits),
                restartsWithoutKey: restartsWithoutKey
            )
            for _ in 0..<3 {
                let code = try message.withUnsafeBytes { try context.authenticationCode(for: $0) }
                #expect(code.map { String(format: "%02x", $0) }.joined() == mac)
                let valid = try code.withUnsafeBytes { code in
                    try message.withUnsafeBytes { try context.isValidAuthenticationCode(code, for: $0) }
                }
                let changed = try code.withUnsafeBytes { code in
                    try (message + [0]).withUnsafeBytes { try context.isValidAuthenticationCode(code, for: $0) }
                }
                #expect(valid && !changed)
            }
        }
    }
}
