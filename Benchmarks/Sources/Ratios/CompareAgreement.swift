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

    /// Runs `tessera compare --format json` and returns what it printed.
    ///
    /// - Parameters:
    ///   - tessera: The `tessera` executable.
    ///   - claims: The claims to pass with `--claims`, or `nil` for compare's own.
    /// - Returns: Its standard output.
    /// - Throws: ``ContestError`` when it cannot be started or exits with another status than 0.
    static func run(_ tessera: String, claims: String?) throws -> Data {
        let arguments = ["compare", "--format", "json"] + (claims.map { ["--claims", $0] } ?? [])
        let run: (output: Data, status: Int32)
        do {
            run = try ChildProcess.output(of: tessera, arguments)
        } catch {
            throw ContestError("--compare: \(tessera) cannot be started: \(error)")
        }
        guard run.status == 0 else {
            throw ContestError("--compare: tessera compare exited with status \(run.status)")
        }
        return run.output
    }

    /// Pairs each format's issue and verify in `tessera compare --format json` outputs (one taken just before this
    /// run's rounds and one just after, so that a change in the machine's speed meanwhile widens compare's range
    /// instead of reading as a disagreement) with this run's rows of the same name.
    ///
    /// - Parameters:
    ///   - outputs: What the compare runs printed.
    ///   - contests: This run's contests.
    ///   - measurements: Their measurements, Tessera first in each.
    /// - Returns: Each operation with compare's time as the mean of the runs' medians and its range over all their
    ///   rounds.
    /// - Throws: ``ContestError`` when an output is not compare's JSON, is of another schema version, or pairs no
    ///   row.
    init(outputs: [Data], contests: [Contest], measurements: [[Measurement]]) throws {
        var compared: [String: [(median: Double, fastest: Double, slowest: Double)]] = [:]
        var order: [String] = []
        for data in outputs {
            let output: Output
            do {
                output = try JSONDecoder().decode(Output.self, from: data)
            } catch {
                throw ContestError("--compare: not `tessera compare --format json` output: \(error)")
            }
            guard output.schemaVersion == 1 else {
                throw ContestError("--compare: schemaVersion \(output.schemaVersion), this reader knows 1")
            }
            for row in output.rows {
                for (operation, throughput) in [("issue", row.issue), ("verify", row.verify)] {
                    let name = "\(row.format) \(operation)"
                    if compared[name] == nil { order.append(name) }
                    compared[name, default: []].append(
                        (1e6 / throughput.opsPerSecond, 1e6 / throughput.maximum, 1e6 / throughput.minimum)
                    )
                }
            }
        }
        let tessera = Dictionary(
            zip(contests, measurements).map { ($0.name, $1[0]) },
            uniquingKeysWith: { first, _ in first }
        )
        var rows: [Row] = []
        for name in order {
            guard let runs = compared[name], !runs.isEmpty, let measured = tessera[name],
                let fastest = measured.rounds.min(), let slowest = measured.rounds.max()
            else { continue }
            let median = runs.map(\.median).reduce(0, +) / Double(runs.count)
            let compare = (median, runs.map(\.fastest).min() ?? median, runs.map(\.slowest).max() ?? median)
            rows.append(Row(operation: name, compare: compare, ratios: (measured.microseconds, fastest, slowest)))
        }
        guard !rows.isEmpty else { throw ContestError("--compare: no format matches an operation of this run") }
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
            "The README's comparison (`tessera compare --format json` on the same seven claims, its rounds one "
                + "format after another), run by Ratios just before its rounds and again just after, next to this "
                + "run's Tessera column. µs per operation: compare's mean of its two medians and its range over both "
                + "runs' rounds, Ratios' median and range; the two agree when the ranges overlap.",
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
