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

    @Test("table and markdown output carry the three sections")
    func text() throws {
        for format in ["table", "markdown"] {
            let result = try CLI.run(["compare", "--duration", "0.2", "--format", format])
            #expect(result.status == 0)
            for section in ["ize and speed", "ecurity matrix", "ttack gallery"] {
                #expect(result.output.lowercased().contains(section.lowercased()), "\(format) lacks \(section)")
            }
        }
        #expect(try CLI.run(["compare", "--duration", "0"]).status == 2)
    }
}
