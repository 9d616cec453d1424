// Ratios: Tessera against the raw C limit and vapor/jwt-kit, interleaved in one process, as one table of ratios.
//
// Usage: Ratios [SECONDS] [--rounds N] [--only TEXT] [--no-write] [--output PATH] [--peer-verdicts PATH]
//               [--compare TESSERA [--compare-claims JSON]] [--instructions PATH]
//   SECONDS          how long each contender runs per round (default 0.1)
//   --rounds         rounds; medians over them are reported (default 7)
//   --only           measure only the rows whose operation contains TEXT (for a profiler); implies --no-write
//   --no-write       print the table only
//   --output         where to write the results (default: RESULTS.md in this package's folder)
//   --peer-verdicts  the "## Peer verdicts" section to include (default: PeerVerdicts.md in this package's folder,
//                    written by `PeerVerdicts --markdown`; left out with a note when the file does not exist)
//   --compare        the `tessera` executable: `tessera compare --format json` runs before the rounds and after,
//                    and is set against this run's Tessera column in a section of its own (a failed run is an
//                    error); --compare-claims passes it the claims
//   --instructions   the instruction counts Scripts/instructions.sh printed, included as a section and read for the
//                    notes under the table (raw-path misses the counts overturn, floors by count)
//
// Exits 1 only when an operation fails; a missed target is reported, never an error (CI asserts no timings).
import Foundation
import TokenContests

/// The command line, read by hand: this package keeps its executables free of an argument parser.
struct Options {
    /// The Benchmarks package's folder, from this file's place in it.
    static let package = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var slice = 0.1
    var rounds = 7
    var only: String?
    var output: String? = package.appendingPathComponent("RESULTS.md").path
    var peerVerdicts: String? = package.appendingPathComponent("PeerVerdicts.md").path
    var compare: String?
    var compareClaims: String?
    var instructions: String?

    init(_ arguments: [String]) throws {
        var arguments = arguments[...]
        while let argument = arguments.popFirst() {
            switch argument {
            case "--rounds":
                guard let value = arguments.popFirst().flatMap(Int.init), value > 0 else {
                    throw ContestError("--rounds needs a positive whole number")
                }
                rounds = value
            case "--only":
                guard let value = arguments.popFirst() else { throw ContestError("--only needs a text") }
                only = value
                output = nil
            case "--no-write": output = nil
            case "--output":
                guard let value = arguments.popFirst() else { throw ContestError("--output needs a path") }
                output = value
            case "--peer-verdicts":
                guard let value = arguments.popFirst() else { throw ContestError("--peer-verdicts needs a path") }
                peerVerdicts = value
            case "--instructions":
                guard let value = arguments.popFirst() else { throw ContestError("--instructions needs a path") }
                instructions = value
            case "--compare":
                guard let value = arguments.popFirst() else { throw ContestError("--compare needs a path") }
                compare = value
            case "--compare-claims":
                guard let value = arguments.popFirst() else { throw ContestError("--compare-claims needs claims") }
                compareClaims = value
            default:
                guard let value = Double(argument), value > 0, value.isFinite else {
                    throw ContestError(
                        "usage: Ratios [SECONDS] [--rounds N] [--only TEXT] [--no-write] [--output PATH] "
                            + "[--peer-verdicts PATH] [--compare TESSERA [--compare-claims JSON]] "
                            + "[--instructions PATH]"
                    )
                }
                slice = value
            }
        }
    }
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    print("setting up (keys, rings of up to 10,000 keys)…", to: &standardError)
    let all = try await Contests.formats() + Contests.scaling()
    let contests = all.filter { contest in options.only.map { contest.name.contains($0) } ?? true }
    let before = try options.compare.map { try CompareAgreement.run($0, claims: options.compareClaims) }
    let started = Date()
    let measurements = try await Harness(slice: options.slice, rounds: options.rounds).run(contests)
    let after = try options.compare.map { try CompareAgreement.run($0, claims: options.compareClaims) }
    let report = Report(
        contests: contests,
        measurements: measurements,
        instructions: InstructionCounts(file: options.instructions)
    )
    let agreement = try before.map { before in
        try CompareAgreement(
            outputs: [before] + (after.map { [$0] } ?? []),
            contests: contests,
            measurements: measurements
        )
    }
    let results = Results(
        report: report,
        agreement: agreement,
        options: options,
        date: started,
        duration: Date().timeIntervalSince(started)
    )
    print(results.table)
    if let agreement { print("\n" + agreement.markdown) }
    if let output = options.output {
        try results.write(to: output)
        print("wrote \(output)", to: &standardError)
    }
} catch {
    print("Ratios failed: \(error)", to: &standardError)
    exit(1)
}
