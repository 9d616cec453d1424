import Foundation
import TesseraCore

/// The comparison of every backend for one set of claims; its JSON form is a stable interface for scripts.
struct Report: Encodable {
    /// One backend's row.
    struct Row: Encodable {
        let format: String
        let family: String
        let tokenBytes: Int
        let payloadConfidential: Bool
        let issue: Throughput
        let verify: Throughput
        let security: SecurityProfile
        let attacks: [AttackOutcome]
        /// What the format lets a token say, probed from tokens of the format (added in schema 1, optional to read).
        let formatFacts: FormatFacts
    }

    /// Bumped only when a field changes meaning or disappears.
    let schemaVersion = 1
    let claims: String
    let durationSeconds: Double
    let rows: [Row]

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text(markdown: Bool) -> String {
        var lines: [String] = []
        func table(_ header: [String], _ body: [[String]]) {
            let widths = header.indices.map { column in ([header] + body).map { $0[column].count }.max() ?? 0 }
            func line(_ cells: [String]) -> String {
                let padded = cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                return markdown ? "| " + padded.joined(separator: " | ") + " |" : padded.joined(separator: "  ")
            }
            lines.append(line(header))
            lines.append(
                markdown
                    ? "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"
                    : widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
            )
            lines += body.map(line)
            lines.append("")
        }
        func rate(_ value: Throughput) -> String {
            "\(Int(value.opsPerSecond.rounded()))/s (\(Int(value.minimum.rounded()))–\(Int(value.maximum.rounded())))"
        }
        lines.append(
            markdown
                ? "## Size and speed"
                : "SIZE AND SPEED (median ops/s over \(rows.first?.verify.rounds ?? 0) rounds, min–max)"
        )
        lines.append("")
        table(
            ["format", "token bytes", "issue", "verify", "payload readable by anyone"],
            rows.map {
                [$0.format, "\($0.tokenBytes)", rate($0.issue), rate($0.verify), $0.payloadConfidential ? "no" : "yes"]
            }
        )
        lines.append(markdown ? "## Format facts" : "FORMAT FACTS (probed from the tokens themselves)")
        lines.append("")
        let facts = formatFactsTable()
        table(facts.header, facts.body)
        lines += formatFactsNotes(markdown: markdown)
        lines.append(markdown ? "## Security matrix" : "SECURITY MATRIX (probed, not declared)")
        lines.append("")
        table(
            ["format", "algorithm chosen by", "key distribution", "exp required", "revocation"],
            rows.map {
                [
                    $0.format, $0.security.algorithmChosenBy, $0.security.keyDistribution,
                    $0.security.expiryRequiredByDefault ? "yes" : "no",
                    $0.security.revocation,
                ]
            }
        )
        lines.append(
            markdown ? "## Attack gallery" : "ATTACK GALLERY (each attack replayed through the shared Token protocol)"
        )
        lines.append("")
        let attacks = rows.first?.attacks.map(\.attack) ?? []
        table(
            ["attack"] + rows.map(\.format),
            attacks.indices.map { index in
                [attacks[index]]
                    + rows.map { row in
                        let outcome = row.attacks[index]
                        return outcome.result == "rejected"
                            ? "✔ \(outcome.code ?? "")" : (outcome.result == "ACCEPTED" ? "✘ ACCEPTED" : "n/a")
                    }
            }
        )
        return lines.joined(separator: "\n")
    }

    /// The format facts table: one row per format.
    private func formatFactsTable() -> (header: [String], body: [[String]]) {
        let header = [
            "format", "header", "fields that steer a verifier: Tessera's verdict", "payload without a key",
            "second spelling", "size: token (claims, overhead)",
        ]
        let body = rows.map { row in
            let facts = row.formatFacts
            let spelling = facts.secondSpelling.attempts.first { $0.result.utf8.elementsEqual("ACCEPTED".utf8) }
            return [
                row.format,
                headerCell(facts.header),
                facts.header.steers.map { "\($0.field) \($0.verdict)" }.joined(separator: ", "),
                facts.payload,
                spelling.map { "YES: \($0.attack)" } ?? "none (\(facts.secondSpelling.attempts.count) tried)",
                "\(facts.size.tokenBytes) B (\(facts.size.claimsBytes) B, +\(facts.size.overheadPercent) %)",
            ]
        }
        return (header, body)
    }

    /// The header column: what the probe found the header to be, from its probed kind.
    private func headerCell(_ header: HeaderFacts) -> String {
        switch header.kind {
        case "open JSON object (JOSE)": "JSON object"
        case "fixed byte string": "fixed \(header.observed)"
        default: "\(header.kind): \(TesseraError.escaped(header.observed))"
        }
    }

    /// The payloads read without a key (one line per distinct payload) and the second spellings produced.
    private func formatFactsNotes(markdown: Bool) -> [String] {
        var payloads: [(text: String, formats: [String])] = []
        for row in rows {
            guard let payload = row.formatFacts.payloadWithoutKey else { continue }
            if let index = payloads.firstIndex(where: { $0.text.utf8.elementsEqual(payload.utf8) }) {
                payloads[index].formats.append(row.format)
            } else {
                payloads.append((payload, [row.format]))
            }
        }
        let bullet = markdown ? "- " : ""
        var lines = payloads.map { payload, formats in
            bullet + "decoded without a key (\(formats.joined(separator: ", "))): \(shown(payload, markdown: markdown))"
        }
        for row in rows {
            guard let other = row.formatFacts.secondSpelling.token else { continue }
            lines.append(bullet + "\(row.format) second spelling, verifies: \(shown(other, markdown: markdown))")
        }
        lines.append("")
        return lines
    }

    /// Token-derived text for the terminal or markdown: control and format characters escaped, markdown code quoted.
    private func shown(_ text: String, markdown: Bool) -> String {
        let escaped = TesseraError.escaped(text)
        guard markdown else { return escaped }
        return "`" + escaped.replacingOccurrences(of: "`", with: "\\u{60}") + "`"
    }

    /// Text safe inside SVG markup.
    private func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Three labelled horizontal bar charts: token size, verify and issue throughput per format.
    func svg() -> String {
        let barHeight = 22.0
        let gap = 6.0
        let left = 110.0
        let width = 420.0
        let chartHeight = Double(rows.count) * (barHeight + gap)
        var parts: [String] = []
        func chart(
            title: String,
            axis: String,
            originY: Double,
            values: [Double],
            color: String,
            label: (Double) -> String
        ) {
            let maximum = max(values.max() ?? 1, 1)
            parts.append(#"<text x="\#(left)" y="\#(originY - 12)" font-size="15" font-weight="bold">\#(title)</text>"#)
            for (index, row) in rows.enumerated() {
                let y = originY + Double(index) * (barHeight + gap)
                let length = width * values[index] / maximum
                parts.append(
                    #"<text x="\#(left - 8)" y="\#(y + 15)" font-size="12" text-anchor="end">\#(row.format)</text>"#
                )
                parts.append(
                    #"<rect x="\#(left)" y="\#(y)" width="\#(String(format: "%.1f", length))" height="\#(barHeight)" fill="\#(color)"/>"#
                )
                parts.append(
                    #"<text x="\#(left + length + 6)" y="\#(y + 15)" font-size="12">\#(label(values[index]))</text>"#
                )
            }
            let axisY = originY + chartHeight
            parts.append(#"<line x1="\#(left)" y1="\#(axisY)" x2="\#(left + width)" y2="\#(axisY)" stroke="black"/>"#)
            parts.append(#"<line x1="\#(left)" y1="\#(originY - 4)" x2="\#(left)" y2="\#(axisY)" stroke="black"/>"#)
            parts.append(
                #"<text x="\#(left + width / 2)" y="\#(axisY + 20)" font-size="12" text-anchor="middle">\#(axis)</text>"#
            )
        }
        let firstY = 90.0
        let step = chartHeight + 80
        chart(
            title: "Token size",
            axis: "bytes (smaller is better)",
            originY: firstY,
            values: rows.map { Double($0.tokenBytes) },
            color: "#4e79a7"
        ) {
            "\(Int($0)) B"
        }
        chart(
            title: "Verify throughput",
            axis: "verifications per second, median (larger is better)",
            originY: firstY + step,
            values: rows.map(\.verify.opsPerSecond),
            color: "#59a14f"
        ) { "\(Int($0.rounded()))/s" }
        chart(
            title: "Issue throughput",
            axis: "tokens issued per second, median (larger is better)",
            originY: firstY + 2 * step,
            values: rows.map(\.issue.opsPerSecond),
            color: "#f28e2b"
        ) { "\(Int($0.rounded()))/s" }
        let height = firstY + 2 * step + chartHeight + 40
        return #"""
            <svg xmlns="http://www.w3.org/2000/svg" width="720" height="\#(Int(height))" font-family="Helvetica, Arial, sans-serif">
            <rect width="100%" height="100%" fill="white"/>
            <text x="20" y="26" font-size="17" font-weight="bold">Tessera: the same claims in every format</text>
            <text x="20" y="46" font-size="12">\#(escaped(claims))</text>
            \#(parts.joined(separator: "\n"))
            </svg>

            """#
    }
}
