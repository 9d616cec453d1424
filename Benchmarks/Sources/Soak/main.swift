// Soak: issue and verify the same claims in a loop and watch resident memory, for every format.
//
// Usage: Soak [CYCLES] — CYCLES issue+verify cycles for v4.local and HS256 (default 1,000,000), a tenth of that for
// the slower signatures (v4.public, ES256, EdDSA) and a hundredth for RS256. Prints resident memory at every tenth
// of each run and fails (exit 1) when it grows by more than 4 MiB between the first tenth and the end, or when any
// verification fails.
import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO

/// Resident memory of this process in bytes, from /proc/self/statm.
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

let cycles = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 1_000_000
let now = Date(timeIntervalSince1970: 1_900_000_000)
let defaults = IssuingDefaults(clock: .fixed(now))
let rules = ValidationRules(issuer: "soak", audience: "api", clock: .fixed(now))
let claims = Claims(issuer: "soak", subject: "alice", audience: "api", tokenID: "t-1")

let local = try PASETO.V4.Local.SymmetricKey()
let secret = try PASETO.V4.Public.SecretKey()
let hmac = try JWS.HMACKey.generate(algorithm: .hs256)
let ec = try JWS.ECDSAPrivateKey.generate(algorithm: .es256)
let ed = try JWS.EdDSAPrivateKey.generate()
let rsa = try JWS.RSAPrivateKey.generate(algorithm: .rs256)

let runs: [(String, Int, any TokenIssuer, any TokenVerifier)] = [
    (
        "v4.local", cycles, PASETO.V4.Local.Issuer(key: local, defaults: defaults),
        PASETO.V4.Local.Verifier(key: local, rules: rules)
    ),
    ("HS256", cycles, JWS.Signer(key: hmac, defaults: defaults), JWS.Verifier(key: hmac, rules: rules)),
    (
        "v4.public", cycles / 10, PASETO.V4.Public.Issuer(key: secret, defaults: defaults),
        PASETO.V4.Public.Verifier(key: secret.publicKey, rules: rules)
    ),
    (
        "ES256", cycles / 10, JWS.Signer(key: ec, defaults: defaults),
        JWS.Verifier(key: ec.verificationKey, rules: rules)
    ),
    (
        "EdDSA", cycles / 10, JWS.Signer(key: ed, defaults: defaults),
        JWS.Verifier(key: ed.verificationKey, rules: rules)
    ),
    (
        "RS256", cycles / 100, JWS.Signer(key: rsa, defaults: defaults),
        JWS.Verifier(key: rsa.verificationKey, rules: rules)
    ),
]

var failed = false
print("format     cycles     seconds  RSS at 10% (MiB)  RSS at end (MiB)  growth (KiB)")
for (name, count, issuer, verifier) in runs where count > 0 {
    let started = Date()
    var firstTenth = 0
    for cycle in 1...count {
        let token = try issuer.issue(claims)
        guard try verifier.verify(token).claims.subject == "alice" else {
            print("\(name): cycle \(cycle) verified to other claims")
            exit(1)
        }
        if cycle == max(count / 10, 1) { firstTenth = residentBytes() }
    }
    let end = residentBytes()
    let growth = end - firstTenth
    if growth > 4 << 20 { failed = true }
    let line = [
        name.padding(toLength: 10, withPad: " ", startingAt: 0),
        String(count).padding(toLength: 10, withPad: " ", startingAt: 0),
        String(format: "%7.1f", Date().timeIntervalSince(started)),
        String(format: "%17.1f", Double(firstTenth) / 1_048_576),
        String(format: "%17.1f", Double(end) / 1_048_576),
        String(format: "%13d", growth / 1024),
    ]
    print(line.joined(separator: " "))
}
if failed {
    print("resident memory grew by more than 4 MiB in a run")
    exit(1)
}
print("1 passed, 0 failed")
