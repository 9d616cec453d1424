import Foundation
import TesseraCore
import TesseraJWS
import Testing

/// Keys keep initialised OpenSSL contexts and lend them to one operation at a time; these check that a reused
/// context gives the same answers as a fresh one, also after a failed verification and under concurrent use.
@Suite("Pooled OpenSSL contexts")
struct PooledContextTests {
    @Test("HMAC gives the RFC 4231 test case 6 answer every time a pooled context is reused")
    func hmacReuse() throws {
        let key = try JWS.HMACKey(algorithm: .hs256, secret: [UInt8](repeating: 0xAA, count: 131))
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        let expected = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        for _ in 0..<4 {
            let mac = try key.signature(for: message)
            #expect(mac.map { String(format: "%02x", $0) }.joined() == expected)
            #expect(try key.isValidSignature(mac, for: message))
            #expect(try !key.isValidSignature(mac, for: message + [0]))
        }
    }

    @Test(
        "Concurrent verifications with one key agree with the expected verdicts",
        arguments: [JWS.Algorithm.hs256, .es256, .es384, .rs256, .ps256]
    )
    func concurrentVerification(_ algorithm: JWS.Algorithm) async throws {
        let (signer, key) = Keys.pair(algorithm)
        let token = try signer.issue(Claims(subject: "pool"))
        let dot = token.lastIndex(of: ".")!
        let message = Array(token[..<dot].utf8)
        let signature = try Base64URL.decode(token[token.index(after: dot)...])
        var flipped = signature
        flipped[flipped.count / 2] ^= 1
        let wrong = flipped
        let verdicts = try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for round in 0..<25 {
                        let tampered = (task + round) % 2 == 1
                        let valid = try key.isValidSignature(tampered ? wrong : signature, for: message)
                        if valid == tampered { return false }
                    }
                    return true
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(verdicts.count == 8)
        #expect(verdicts.allSatisfy { $0 }, "\(algorithm): a pooled context gave a wrong verdict")
    }
}
