import Foundation
import TokenContests

/// `tessera compare`'s throughputs (its `--format json`, schemaVersion 1) set against this run's Tessera column: the
/// README's comparison and the benchmark must tell the same story.
struct CompareAgreement {
    /// The parts of `tessera compare --format json` read here.
    private struct Output: Decodable {
        struct Row: Decodable {
            let format: String
            let issue: Throughput
            let verify: Throughput
        }

        struct Throughput: Decodable {
            /// Median operations per second over the rounds.
            let opsPerSecond: Double
            /// The slowest round's rate.
            let minimum: Double
            /// The fastest round's rate.
            let maximum: Double
        }

        let schemaVersion: Int
        let rows: [Row]
    }

    /// One operation measured both ways.
    struct Row {
        let operation: String
        /// `tessera compare`: µs per operation at its median rate, and its fastest and slowest rounds.
        let compare: (median: Double, fastest: Double, slowest: Double)
        /// This run's Tessera contender: its median µs and its fastest and slowest rounds.
        let ratios: (median: Double, fastest: Double, slowest: Double)

        /// Whether the two ranges of rounds overlap: the difference is then within either run's own noise.
        var agrees: Bool { compare.fastest <= ratios.slowest && ratios.fastest <= compare.slowest }
    }

    let rows: [Row]

    /// Reads `tessera compare --format json` output and pairs each format's issue and verify with this run's rows of
    /// the same name.
    ///
    /// - Parameters:
    ///   - path: The JSON file.
    ///   - contests: This run's contests.
    ///   - measurements: Their measurements, Tessera first in each.
    /// - Throws: ``ContestError`` when the file cannot be read, is of another schema version, or pairs no row.
    init(json path: String, contests: [Contest], measurements: [[Measurement]]) throws {
        let output: Output
        do {
            output = try JSONDecoder().decode(Output.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw ContestError("--compare: \(path) is not `tessera compare --format json` output: \(error)")
        }
        guard output.schemaVersion == 1 else {
            throw ContestError("--compare: schemaVersion \(output.schemaVersion), this reader knows 1")
        }
        let tessera = Dictionary(
            zip(contests, measurements).map { ($0.name, $1[0]) },
            uniquingKeysWith: { first, _ in first }
        )
        var rows: [Row] = []
        for row in output.rows {
            for (operation, throughput) in [("issue", row.issue), ("verify", row.verify)] {
                let name = "\(row.format) \(operation)"
                guard let measured = tessera[name], let fastest = measured.rounds.min(),
                    let slowest = measured.rounds.max()
                else { continue }
                rows.append(
                    Row(
                        operation: name,
                        compare: (
                            1e6 / throughput.opsPerSecond, 1e6 / throughput.maximum, 1e6 / throughput.minimum
                        ),
                        ratios: (measured.microseconds, fastest, slowest)
                    )
                )
            }
        }
        guard !rows.isEmpty else {
            throw ContestError("--compare: no format of \(path) matches an operation of this run")
        }
        self.rows = rows
    }

    /// The section, as Markdown.
    var markdown: String {
        func cell(_ value: (median: Double, fastest: Double, slowest: Double)) -> String {
            "\(Report.format(value.median, digits: 1)) (\(Report.format(value.fastest, digits: 1))–"
                + "\(Report.format(value.slowest, digits: 1)))"
        }
        var lines = [
            "## `tessera compare` against this run",
            "",
            "The README's comparison (`tessera compare --format json`, run by `results.sh` just before Ratios on the "
                + "same seven claims, its rounds one format after another) next to this run's Tessera column. µs per "
                + "operation, median (fastest–slowest round); the two agree when their ranges of rounds overlap.",
            "",
            "| operation | tessera compare µs | Ratios µs | compare ÷ Ratios | agree |",
            "|---|---|---|---|---|",
        ]
        for row in rows {
            lines.append(
                "| \(row.operation) | \(cell(row.compare)) | \(cell(row.ratios)) | "
                    + "\(Report.format(row.compare.median / row.ratios.median, digits: 2))× | "
                    + "\(row.agrees ? "yes" : "**no**") |"
            )
        }
        let agreeing = rows.filter(\.agrees).count
        lines.append("")
        lines.append("\(agreeing) of \(rows.count) operations agree within the runs' own noise.")
        return lines.joined(separator: "\n")
    }
}
