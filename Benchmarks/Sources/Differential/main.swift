import Foundation
import TesseraCore
import TesseraJWS
import TesseraPASETO

// Differential check: Tessera's verdicts against PyJWT, joserfc and pyseto on the corpus that
// `Benchmarks/Differential/generate.py` writes (one JSON record per line; see that script for the fields).
//
// Rules, per record:
// - every applicable reference accepts → Tessera must accept, unless the refusal is a documented strict-side
//   difference listed in `explainedDifferences` (matched by mutation, Tessera's error code and the record);
// - every applicable reference rejects → Tessera must reject;
// - the references disagree → Tessera must reject (the strict side);
// - Tessera accepting anything a reference rejects is always a failure.
//
// Usage: Differential CORPUS.jsonl [--show N]. Prints counts per family and per mutation, every failure (up to
// `--show`, default all) and closes with `N passed, N failed`; exits 1 on any failure.

/// One line of the corpus.
struct Record {
    /// Unique id, e.g. `HS256-17`.
    var id: String
    /// Format family (`HS256` … `EdDSA`, `v4.local`, `v4.public`).
    var family: String
    /// The JWS algorithm or PASETO version and purpose the key is pinned to.
    var algorithm: String
    /// A JWK (JWS) or nil for PASETO.
    var jwk: JSONObject?
    /// A PASERK (`k4.local.` / `k4.public.`) for PASETO, nil for JWS.
    var paserk: String?
    /// The token under test.
    var token: String
    /// The footer a PASETO verifier demands, if any.
    var footer: String?
    /// The PASETO implicit assertion.
    var implicit: String
    /// The validation instant, Unix seconds.
    var now: Double
    /// The issuer rule, if configured.
    var issuer: String?
    /// The audience rule, if configured.
    var audience: String?
    /// The mutation's name (`valid` for unmodified tokens).
    var mutation: String
    /// Each applicable reference's verdict, `true` for accept.
    var references: [(name: String, accepts: Bool)]

    /// Reads a record from one line of JSON.
    ///
    /// - Parameter line: The line's bytes.
    /// - Throws: `TesseraError` for malformed lines.
    init(line: ArraySlice<UInt8>) throws(TesseraError) {
        let limits = JSONLimits(maxBytes: 4 << 20, maxDepth: 8, maxMembers: 256)
        let object = try JSONParser(limits: limits).parseObject(line)
        func string(_ name: String) throws(TesseraError) -> String {
            guard let value = object[name]?.stringValue else {
                throw TesseraError(.invalidJSON, "the record has no string \"\(name)\"")
            }
            return value
        }
        id = try string("id")
        family = try string("family")
        algorithm = try string("alg")
        token = try string("token")
        mutation = try string("mutation")
        footer = object["footer"]?.stringValue
        implicit = object["implicit"]?.stringValue ?? ""
        issuer = object["issuer"]?.stringValue
        audience = object["audience"]?.stringValue
        jwk = object["key"]?.objectValue
        paserk = object["key"]?.stringValue
        guard case .number(let number)? = object["now"], let now = number.doubleValue else {
            throw TesseraError(.invalidJSON, "record \(id) has no numeric \"now\"")
        }
        self.now = now
        guard let refs = object["refs"]?.objectValue, !refs.isEmpty else {
            throw TesseraError(.invalidJSON, "record \(id) has no reference verdicts")
        }
        var references: [(name: String, accepts: Bool)] = []
        for member in refs {
            guard let verdict = member.value.stringValue, verdict == "accept" || verdict == "reject" else {
                throw TesseraError(.invalidJSON, "record \(id): verdict of \(member.name) is not accept/reject")
            }
            references.append((member.name, verdict == "accept"))
        }
        self.references = references
    }
}

/// A strict-side difference Tessera makes on purpose: the references accept, Tessera refuses with one of `codes`.
struct ExplainedDifference {
    /// The category name printed in the summary.
    var category: String
    /// Why Tessera refuses, with the document that says so.
    var reason: String
    /// Tessera error codes this refusal may carry.
    var codes: [TesseraError.Code]
    /// Whether the record belongs to this category.
    var applies: @Sendable (Record) -> Bool
}

/// Whether the record's mutation is one of `names`.
func mutation(_ names: String...) -> @Sendable (Record) -> Bool {
    { record in names.contains(record.mutation) }
}

/// The documented strict-side differences. Anything else where Tessera refuses and every reference accepts is a
/// failure, as is Tessera accepting anything a reference refuses.
let explainedDifferences: [ExplainedDifference] = [
    ExplainedDifference(
        category: "non-canonical base64url",
        reason: "padding, `+`/`/` or non-zero trailing bits: Tessera accepts canonical base64url only "
            + "(README Security notes; SPEC-NOTES Token parsing: official vectors 4-F-4, 4-F-5)",
        codes: [.invalidBase64URL, .malformedToken],
        applies: { record in
            ["padding-", "alphabet-", "trailing-bits-"].contains { record.mutation.hasPrefix($0) }
        }
    ),
    ExplainedDifference(
        category: "duplicate JSON member",
        reason: "payload and header objects must have unique member names, compared after unescaping; Python's "
            + "json keeps the last (SPEC-NOTES Payload and claims; RFC 8725 §3.7)",
        codes: [.duplicateJSONMember],
        applies: mutation(
            "duplicate-claim-resigned",
            "duplicate-claim-escaped-resigned",
            "header-duplicate-member-resigned",
            "duplicate-claim-resealed"
        )
    ),
    ExplainedDifference(
        category: "lone surrogate escape",
        reason: "a `\\ud800` escape is not a Unicode scalar; Tessera refuses it (SPEC-NOTES Payload and claims)",
        codes: [.invalidJSON],
        applies: mutation("payload-lone-surrogate-resigned", "payload-lone-surrogate-resealed")
    ),
    ExplainedDifference(
        category: "payload nesting limit",
        reason: "payloads are bounded in size and depth (README Security notes; SPEC-NOTES default payload limits)",
        codes: [.jsonTooDeep, .jsonTooLarge],
        applies: mutation("payload-too-deep-resigned", "payload-too-deep-resealed")
    ),
    ExplainedDifference(
        category: "refused JOSE header member",
        reason: "`crit` (whatever it lists), `b64`, `zip` and `enc` are refused (SPEC-NOTES Headers; RFC 8725 §3.6)",
        codes: [.unsupportedHeader],
        applies: mutation("zip-or-enc-resigned", "crit-added-resigned", "b64-false-resigned")
    ),
    ExplainedDifference(
        category: "kid names another key",
        reason: "a single-key verifier refuses a `kid` that names another key when its own key id is explicit "
            + "(here the JWK's `kid`; SPEC-NOTES No negotiation, issue 7 A8)",
        codes: [.unknownKeyID],
        applies: { record in
            record.mutation == "kid-changed-resigned" && record.jwk?["kid"]?.stringValue != nil
        }
    ),
    ExplainedDifference(
        category: "HMAC key shorter than hash",
        reason: "HMAC secrets shorter than the hash output are refused when the key is made "
            + "(SPEC-NOTES Keys; RFC 7518 §3.2, RFC 8725 §3.5)",
        codes: [.invalidKey],
        applies: { record in
            guard record.algorithm.hasPrefix("HS"), let secret = record.jwk?["k"]?.stringValue,
                let bits = Int(record.algorithm.dropFirst(2))
            else { return false }
            return secret.utf8.count * 6 / 8 < bits / 8
        }
    ),
    ExplainedDifference(
        category: "RSA key under 2048 bits",
        reason: "RSA moduli under 2048 bits are refused (SPEC-NOTES Keys; RFC 7518 §3.3)",
        codes: [.invalidKey],
        applies: { record in
            guard record.family.hasPrefix("RS") || record.family.hasPrefix("PS"),
                let modulus = record.jwk?["n"]?.stringValue
            else { return false }
            return modulus.utf8.count * 6 < 2048
        }
    ),
    ExplainedDifference(
        category: "RSA signature shorter than n",
        reason: "an RSA signature is exactly as long as the modulus (SPEC-NOTES Keys; RFC 8017 §8.1.2, §8.2.2 step 1); "
            + "OpenSSL 3's PSS path, under PyJWT and joserfc, accepts one with its leading zero byte stripped",
        codes: [.authenticationFailed, .malformedToken],
        applies: { record in
            record.mutation == "rsa-signature-leading-zero-stripped" && record.algorithm.hasPrefix("PS")
        }
    ),
    ExplainedDifference(
        category: "NumericDate beyond year 9999",
        reason: "NumericDate is read only from 0000-01-01 to 9999-12-31 (-62167219200 to 253402300799), "
            + "as RFC 3339 dates (SPEC-NOTES Claims (RFC 7519))",
        codes: [.invalidClaim],
        applies: mutation("exp-huge-resigned", "nbf-huge-negative-resigned")
    ),
    ExplainedDifference(
        category: "empty PASETO footer segment",
        reason: "a trailing dot (empty footer segment) is malformed: one token, one spelling "
            + "(SPEC-NOTES Token parsing (PASETO v4))",
        codes: [.malformedToken],
        applies: { record in
            record.family.hasPrefix("v4.") && record.token.hasSuffix(".")
                && ["footer-trailing-dot", "extra-segment"].contains(record.mutation)
        }
    ),
    ExplainedDifference(
        category: "PASETO aud array",
        reason: "PASETO's registry defines `aud` as a string; arrays are read only with `audienceFormat: "
            + ".stringOrArray` (SPEC-NOTES Payload and claims)",
        codes: [.invalidClaim],
        applies: mutation("aud-array-resealed")
    ),
    ExplainedDifference(
        category: "strict RFC 3339 date",
        reason: "missing offsets, `+0000` without a colon and leap second 60 are refused "
            + "(SPEC-NOTES Payload and claims, Dates)",
        codes: [.invalidClaim],
        applies: mutation("exp-no-offset-resealed", "exp-compact-offset-resealed", "exp-leap-second-resealed")
    ),
    ExplainedDifference(
        category: "PASETO exp equal to now",
        reason: "expired when now ≥ exp (SPEC-NOTES Validation rules; RFC 7519 §4.1.4 \"on or after\"); pyseto "
            + "accepts a token at its exp instant",
        codes: [.expired],
        applies: mutation("exp-now-resealed")
    ),
]

/// Verification keys made once per distinct key text.
final class KeyCache {
    private var jws: [String: Result<any JWSVerificationKey, TesseraError>] = [:]
    private var local: [String: Result<PASETO.V4.Local.SymmetricKey, TesseraError>] = [:]
    private var publicKeys: [String: Result<PASETO.V4.Public.PublicKey, TesseraError>] = [:]

    /// Tessera's verdict on a record: nil when it accepts, the error when it refuses.
    func verify(_ record: Record) -> TesseraError? {
        let clock = TokenClock.fixed(Date(timeIntervalSince1970: record.now))
        let rules = ValidationRules(issuer: record.issuer, audience: record.audience, clock: clock)
        do {
            switch record.algorithm {
            case "v4.local":
                let key = try localKey(record).get()
                _ = try PASETO.V4.Local.Verifier(key: key, rules: rules, settings: settings(record))
                    .verify(record.token)
            case "v4.public":
                let key = try publicKey(record).get()
                _ = try PASETO.V4.Public.Verifier(key: key, rules: rules, settings: settings(record))
                    .verify(record.token)
            default:
                let key = try jwsKey(record).get()
                _ = try JWS.Verifier(key: key, rules: rules).verify(record.token)
            }
            return nil
        } catch {
            return error
        }
    }

    private func settings(_ record: Record) -> PASETO.VerificationSettings {
        PASETO.VerificationSettings(
            expectedFooter: record.footer.map { Array($0.utf8) },
            implicitAssertion: Array(record.implicit.utf8)
        )
    }

    private func jwsKey(_ record: Record) -> Result<any JWSVerificationKey, TesseraError> {
        guard let jwk = record.jwk else {
            return .failure(TesseraError(.invalidKey, "record \(record.id) has no JWK"))
        }
        let text = String(decoding: JSONWriter.bytes(for: .object(jwk)), as: UTF8.self)
        if let cached = jws[text] { return cached }
        let made = Result { () throws(TesseraError) -> any JWSVerificationKey in
            try JWS.JWK.verificationKey(from: jwk)
        }
        jws[text] = made
        return made
    }

    private func localKey(_ record: Record) -> Result<PASETO.V4.Local.SymmetricKey, TesseraError> {
        let text = record.paserk ?? ""
        if let cached = local[text] { return cached }
        let made = Result { () throws(TesseraError) in try PASETO.V4.Local.SymmetricKey(paserk: text) }
        local[text] = made
        return made
    }

    private func publicKey(_ record: Record) -> Result<PASETO.V4.Public.PublicKey, TesseraError> {
        let text = record.paserk ?? ""
        if let cached = publicKeys[text] { return cached }
        let made = Result { () throws(TesseraError) in try PASETO.V4.Public.PublicKey(paserk: text) }
        publicKeys[text] = made
        return made
    }
}

/// Counts for one family or one mutation.
struct Tally {
    var records = 0
    var agreed = 0
    var explained = 0
    var failed = 0
}

/// How a record came out.
enum Outcome {
    case agreed
    case explained(category: String)
    case failed(reason: String)
}

/// Compares Tessera's verdict with the references' under the rules above.
func judge(_ record: Record, tessera error: TesseraError?) -> Outcome {
    let accepting = record.references.filter(\.accepts).map(\.name)
    let rejecting = record.references.filter { !$0.accepts }.map(\.name)
    guard let error else {
        if rejecting.isEmpty { return .agreed }
        return .failed(reason: "Tessera ACCEPTED; rejected by \(rejecting.joined(separator: ", "))")
    }
    if !accepting.isEmpty && rejecting.isEmpty {
        for difference in explainedDifferences where difference.applies(record) {
            if difference.codes.contains(error.code) { return .explained(category: difference.category) }
        }
        return .failed(
            reason: "Tessera rejected (\(error)); accepted by \(accepting.joined(separator: ", "))"
        )
    }
    return .agreed
}

/// Left-aligns `text` in a column of `width` characters.
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Prints one table of tallies.
func printTable(_ title: String, _ tallies: [String: Tally]) {
    print("\n\(pad(title, 40)) \(pad("records", 8)) \(pad("agree", 8)) \(pad("explained", 10)) failed")
    for name in tallies.keys.sorted() {
        guard let tally = tallies[name] else { continue }
        print(
            "\(pad(name, 40)) \(pad(String(tally.records), 8)) \(pad(String(tally.agreed), 8)) "
                + "\(pad(String(tally.explained), 10)) \(tally.failed)"
        )
    }
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: Differential CORPUS.jsonl [--show N]")
    exit(2)
}
var showLimit = Int.max
if let index = arguments.firstIndex(of: "--show"), index + 1 < arguments.count, let limit = Int(arguments[index + 1]) {
    showLimit = limit
}
guard let data = FileManager.default.contents(atPath: arguments[1]) else {
    print("error: cannot read \(arguments[1])")
    exit(2)
}

let started = Date()
let bytes = [UInt8](data)
let cache = KeyCache()
var byFamily: [String: Tally] = [:]
var byMutation: [String: Tally] = [:]
var byCategory: [String: Int] = [:]
var failures: [String] = []
var passed = 0
var lineNumber = 0

for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
    lineNumber += 1
    let record: Record
    do {
        record = try Record(line: line)
    } catch {
        failures.append("line \(lineNumber): unreadable record: \(error)")
        continue
    }
    let outcome = judge(record, tessera: cache.verify(record))
    byFamily[record.family, default: Tally()].records += 1
    byMutation[record.mutation, default: Tally()].records += 1
    switch outcome {
    case .agreed:
        passed += 1
        byFamily[record.family, default: Tally()].agreed += 1
        byMutation[record.mutation, default: Tally()].agreed += 1
    case .explained(let category):
        passed += 1
        byFamily[record.family, default: Tally()].explained += 1
        byMutation[record.mutation, default: Tally()].explained += 1
        byCategory[category, default: 0] += 1
    case .failed(let reason):
        byFamily[record.family, default: Tally()].failed += 1
        byMutation[record.mutation, default: Tally()].failed += 1
        failures.append("\(record.id) [\(record.mutation)]: \(reason)")
    }
}

printTable("family", byFamily)
printTable("mutation", byMutation)
print("\nexplained strict-side differences (Tessera refuses, every reference accepts):")
for difference in explainedDifferences {
    print(
        "  \(pad(difference.category, 30)) \(pad(String(byCategory[difference.category] ?? 0), 7)) \(difference.reason)"
    )
}
if !failures.isEmpty {
    print("\nfailures:")
    for failure in failures.prefix(showLimit) { print("  FAIL \(failure)") }
    if failures.count > showLimit { print("  … and \(failures.count - showLimit) more") }
}
print(String(format: "\nchecked %d records in %.1f s", lineNumber, Date().timeIntervalSince(started)))
print("\(passed) passed, \(failures.count) failed")
exit(failures.isEmpty ? 0 : 1)
