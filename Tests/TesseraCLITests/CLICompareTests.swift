import Foundation
import TesseraCore
import Testing

@Suite("tessera compare")
struct CLICompareTests {
    @Test("compares every backend and reports every attack as rejected or not applicable")
    func json() throws {
        let svg = FileManager.default.temporaryDirectory.appendingPathComponent(
            "tessera-compare-\(UUID().uuidString).svg"
        )
        defer { try? FileManager.default.removeItem(at: svg) }
        let result = try CLI.run(["compare", "--duration", "0.3", "--format", "json", "--svg", svg.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("compare: measuring"))
        let report = try JSONParser(limits: JSONLimits(maxBytes: 1 << 20, maxDepth: 8, maxMembers: 100_000))
            .parseObject(result.stdout)
        #expect(report["schemaVersion"] == 1)
        guard case .array(let rows)? = report["rows"] else {
            Issue.record("no rows")
            return
        }
        let formats = rows.compactMap { $0.objectValue?["format"]?.stringValue }
        #expect(
            formats == [
                "v4.local", "v4.local+revocation", "v4.public", "HS256", "HS384", "HS512", "RS256", "PS256", "ES256",
                "ES384", "ES512",
                "EdDSA",
            ]
        )
        for row in rows.compactMap(\.objectValue) {
            let format = row["format"]?.stringValue ?? ""
            #expect(row["payloadConfidential"] == .bool(format.hasPrefix("v4.local")), "\(format)")
            // Probed: a token whose jti is on the list is refused only by the row that checks the list.
            #expect(
                row["security"]?.objectValue?["revocation"]?.stringValue?.hasPrefix("checked on every verify")
                    == (format == "v4.local+revocation"),
                "\(format)"
            )
            #expect(
                row["security"]?.objectValue?["algorithmChosenBy"]?.stringValue?.hasPrefix("key") == true,
                "\(format)"
            )
            #expect(row["security"]?.objectValue?["expiryRequiredByDefault"] == .bool(true), "\(format)")
            if case .number(let bytes)? = row["tokenBytes"] { #expect((Int(bytes.text) ?? 0) > 200, "\(format)") }
            if case .number(let rate)? = row["verify"]?.objectValue?["opsPerSecond"] {
                #expect((rate.doubleValue ?? 0) > 0)
            }
            guard case .array(let attacks)? = row["attacks"] else {
                Issue.record("\(format) has no attacks")
                continue
            }
            #expect(attacks.count == 10)
            // A changed payload byte (re-encoded canonically) must reach the cryptography and fail there.
            let tampered = attacks.compactMap(\.objectValue).first {
                $0["attack"]?.stringValue == "one payload byte changed"
            }
            #expect(tampered?["code"]?.stringValue == "authenticationFailed", "\(format)")
            for attack in attacks.compactMap(\.objectValue) {
                let outcome = attack["result"]?.stringValue
                #expect(
                    outcome == "rejected" || outcome == "not applicable",
                    "\(format): \(attack["attack"]?.stringValue ?? "")"
                )
            }
        }
        let chart = try String(contentsOf: svg, encoding: .utf8)
        #expect(
            chart.hasPrefix("<svg") && chart.contains("bytes (smaller is better)")
                && chart.contains("Verify throughput")
        )
    }

    @Test("table and markdown output carry the four sections")
    func text() throws {
        for format in ["table", "markdown"] {
            let result = try CLI.run(["compare", "--duration", "0.2", "--format", format])
            #expect(result.status == 0)
            for section in ["ize and speed", "ormat facts", "ecurity matrix", "ttack gallery"] {
                #expect(result.output.lowercased().contains(section.lowercased()), "\(format) lacks \(section)")
            }
            // The header column comes from the probed header kind; the payload column says encrypted only for
            // v4.local.
            let lines = result.output.split(separator: "\n")
            for (prefix, header, payload) in [
                ("v4.local ", "fixed v4.local.", "encrypted"), ("v4.public", "fixed v4.public.", "readable"),
                ("ES256", "JSON object", "readable"),
            ] {
                let row = lines.first { line in
                    line.trimmingCharacters(in: CharacterSet(charactersIn: "| ")).hasPrefix(prefix)
                        && line.contains("fixed") == header.hasPrefix("fixed") && line.contains("B (")
                }
                #expect(row?.contains(header) == true && row?.contains(payload) == true, "\(format): \(prefix)")
            }
        }
        #expect(try CLI.run(["compare", "--duration", "0"]).status == 2)
    }

    @Test("format facts are probed from the tokens: steering fields, readable payloads, second spellings, size")
    func formatFacts() throws {
        let result = try CLI.run(["compare", "--duration", "0.2", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONParser(limits: JSONLimits(maxBytes: 1 << 20, maxDepth: 10, maxMembers: 100_000))
            .parseObject(result.stdout)
        #expect(report["schemaVersion"] == 1)
        guard case .array(let rows)? = report["rows"] else {
            Issue.record("no rows")
            return
        }
        #expect(rows.count == 12)
        for row in rows.compactMap(\.objectValue) {
            let format = row["format"]?.stringValue ?? ""
            guard let facts = row["formatFacts"]?.objectValue, let header = facts["header"]?.objectValue,
                case .array(let steerValues)? = header["steers"], let spelling = facts["secondSpelling"]?.objectValue,
                let size = facts["size"]?.objectValue
            else {
                Issue.record("\(format) has no formatFacts")
                continue
            }
            let steers = steerValues.compactMap(\.objectValue)
            let verdicts = steers.map { ($0["field"]?.stringValue ?? "", $0["verdict"]?.stringValue ?? "") }
            let isPASETO = format.utf8.starts(with: "v4.".utf8)
            for steer in steers {
                #expect(steer["carried"] == .bool(true), "\(format): \(steer["field"]?.stringValue ?? "")")
            }
            if isPASETO {
                let constant = format.utf8.starts(with: "v4.local".utf8) ? "v4.local." : "v4.public."
                #expect(header["kind"]?.stringValue == "fixed byte string", "\(format)")
                #expect(header["observed"]?.stringValue?.utf8.elementsEqual(constant.utf8) == true, "\(format)")
                #expect(verdicts.map(\.0) == ["footer kid"], "\(format)")
                #expect(verdicts.first?.1 == "checked", "\(format)")
                guard case .array(let variants)? = header["variants"] else {
                    Issue.record("\(format) has no header variants")
                    continue
                }
                #expect(variants.count == 4, "\(format)")
                for variant in variants.compactMap(\.objectValue) {
                    #expect(variant["result"]?.stringValue == "rejected", "\(format): \(variant)")
                }
            } else {
                #expect(header["kind"]?.stringValue == "open JSON object (JOSE)", "\(format)")
                #expect(verdicts.map(\.0) == ["alg", "kid", "jku", "jwk", "x5u", "crit", "zip", "b64"], "\(format)")
                let expected = ["checked", "checked", "ignored", "ignored", "ignored", "refused", "refused", "refused"]
                #expect(verdicts.map(\.1) == expected, "\(format)")
                // `checked` for `alg` means refused before any cryptography: the code must be `wrongHeader`, and
                // where the key can sign under the named algorithm (HS384/HS512 → HS256, RS256 ↔ PS256) the probe token
                // was signed so; HS256's 32-byte secret is too short for HS512, ECDSA and EdDSA change curve.
                let algorithm = steers.first { $0["field"]?.stringValue == "alg" }
                #expect(algorithm?["code"]?.stringValue == "wrongHeader", "\(format)")
                let swappable = ["HS384", "HS512", "RS256", "PS256"].contains(format)
                #expect(
                    algorithm?["probe"]?.stringValue?.contains("so a verifier obeying the header would accept it")
                        == swappable,
                    "\(format): \(algorithm?["probe"]?.stringValue ?? "")"
                )
                #expect(header["variants"] == nil, "\(format)")
            }
            // The payload is decoded from the token without a key, except where the format encrypts it.
            let payload = facts["payloadWithoutKey"]?.stringValue
            if format.utf8.starts(with: "v4.local".utf8) {
                #expect(payload == nil, "\(format)")
                #expect(facts["payload"]?.stringValue == "encrypted", "\(format)")
            } else {
                #expect(payload?.contains(#""sub":"user-42""#) == true, "\(format)")
                #expect(facts["payload"]?.stringValue == "readable", "\(format)")
            }
            // Every verdict word is one the README documents, and no probe text claims a refusal it did not see.
            for steer in steers {
                let verdict = steer["verdict"]?.stringValue ?? ""
                #expect(
                    Self.verdictWords.contains(verdict) || verdict.hasPrefix("refused ("),
                    "\(format): \(verdict)"
                )
                #expect(steer["probe"]?.stringValue?.contains("(accepted)") == false, "\(format)")
            }
            // Size: the claims JSON as issued, and the token's overhead over it.
            let tokenBytes = integer(size["tokenBytes"]) ?? 0
            let claimsBytes = integer(size["claimsBytes"]) ?? 0
            #expect(claimsBytes > 100 && tokenBytes > claimsBytes, "\(format)")
            #expect(integer(size["overheadBytes"]) == tokenBytes - claimsBytes, "\(format)")
            #expect(integer(row["tokenBytes"]) == tokenBytes, "\(format)")
            // Only ECDSA has a second valid spelling.
            let isECDSA = format.utf8.starts(with: "ES".utf8)
            #expect(spelling["exists"] == .bool(isECDSA), "\(format)")
            guard case .array(let attempts)? = spelling["attempts"] else {
                Issue.record("\(format) has no spelling attempts")
                continue
            }
            #expect(attempts.count >= 2, "\(format)")
            for attempt in attempts.compactMap(\.objectValue) {
                let isNegation = attempt["attack"]?.stringValue?.contains("n − s") == true
                #expect(
                    attempt["result"]?.stringValue == (isNegation ? "ACCEPTED" : "rejected"),
                    "\(format): \(attempt["attack"]?.stringValue ?? "")"
                )
            }
            if isECDSA { try checkSecondSpelling(format, spelling) }
        }
    }

    /// The steering verdicts the README documents (besides `refused (<stage>)`).
    static let verdictWords: Set<String> = ["checked", "refused", "ignored", "ACCEPTED (must refuse)", "STEERS"]

    /// The integer a JSON number holds, if it holds one.
    private func integer(_ value: JSONValue?) -> Int? {
        guard case .number(let number)? = value else { return nil }
        return Int(number.text)
    }

    /// The ECDSA second spelling differs from its original only in `s`, and both verify under the published key
    /// with the CLI's own `verify`.
    private func checkSecondSpelling(_ format: String, _ spelling: JSONObject) throws {
        guard let other = spelling["token"]?.stringValue, let original = spelling["original"]?.stringValue,
            let jwk = spelling["publicKeyJWK"]?.stringValue
        else {
            Issue.record("\(format): the second spelling lacks its token, original or key")
            return
        }
        #expect(!other.utf8.elementsEqual(original.utf8), "\(format)")
        let otherParts = other.split(separator: ".")
        let originalParts = original.split(separator: ".")
        #expect(otherParts.count == 3 && originalParts.count == 3, "\(format)")
        #expect(otherParts.prefix(2).elementsEqual(originalParts.prefix(2)), "\(format): header and payload kept")
        let signature = try Base64URL.decode(otherParts[2])
        let originalSignature = try Base64URL.decode(originalParts[2])
        let half = signature.count / 2
        #expect(signature.prefix(half).elementsEqual(originalSignature.prefix(half)), "\(format): r kept")
        #expect(!signature.suffix(half).elementsEqual(originalSignature.suffix(half)), "\(format): s changed")
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("tessera-\(UUID().uuidString).jwk")
        defer { try? FileManager.default.removeItem(at: keyFile) }
        try Data(jwk.utf8).write(to: keyFile)
        for token in [original, other] {
            let verified = try CLI.run(["verify", "--key", keyFile.path, token])
            #expect(verified.status == 0, "\(format): \(verified.stderr)")
            #expect(verified.output.contains(#""sub":"user-42""#), "\(format)")
        }
    }
}
