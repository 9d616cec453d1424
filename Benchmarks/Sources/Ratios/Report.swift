import Foundation
import TokenContests

/// The table of ratios, with each target judged.
struct Report {
    let contests: [Contest]
    let measurements: [[Measurement]]
    let instructions: InstructionCounts

    /// One judged row.
    private struct Row {
        let cells: [String]
        let misses: [String]
        let judged: Bool
        /// Ratios whose per-round median strays from the quotient of medians: `ES256 verify, jwt-kit: …`.
        let noise: [String]
        /// Why a missed jwt-kit target is out of Tessera's reach, when Tessera runs at the raw C path's speed.
        let floor: String?
        /// A missed raw-path target whose instruction count meets it: `EdDSA verify 0.88× by the clock, 1.010× …`.
        let countMeets: String?
    }

    private var rows: [Row] {
        zip(contests, measurements).map { Self.row($0, $1, counted: instructions.rawOverTessera[$0.name]) }
    }

    /// The table as Markdown.
    var markdown: String {
        let header = [
            "operation", "Tessera µs", "baseline µs", "Tessera ÷ baseline", "jwt-kit µs", "jwt-kit ÷ Tessera",
            "allocs/op Tessera − baseline", "jwt-kit allocs/op", "verdict",
        ]
        var lines = [
            "| " + header.joined(separator: " | ") + " |",
            "|" + header.map { _ in "---" }.joined(separator: "|") + "|",
        ]
        for row in rows { lines.append("| " + row.cells.joined(separator: " | ") + " |") }
        let judged = rows.filter(\.judged)
        let passed = judged.filter(\.misses.isEmpty).count
        lines.append("")
        lines.append("\(passed) of \(judged.count) judged rows PASS; rows without a target show —.")
        let noise = rows.flatMap(\.noise)
        if !noise.isEmpty {
            lines.append(
                "Noisy rows (the median of the rounds' own ratios differs from the quotient of the medians by more "
                    + "than \(Int(Measurement.noiseTolerance * 100)) %; rerun on a quieter machine before trusting "
                    + "them): \(noise.joined(separator: "; "))."
            )
        }
        let countMeets = rows.compactMap(\.countMeets)
        if !countMeets.isEmpty {
            lines.append(
                "Raw-path misses within \(Int(Measurement.noiseTolerance * 100)) % of the target whose instruction "
                    + "count meets it (the shortfall is not work Tessera adds, but this machine's noise): "
                    + countMeets.joined(separator: "; ") + "."
            )
        }
        let floors = rows.compactMap(\.floor)
        if !floors.isEmpty {
            lines.append(
                "Floors (Tessera within 5 % of the raw C path, which jwt-kit's BoringSSL outruns): "
                    + floors.joined(separator: "; ") + "."
            )
        }
        if let perByte = costPerByte { lines.append(perByte) }
        return lines.joined(separator: "\n")
    }

    /// The payload series' cost per added byte, from its smallest to its largest payload.
    private var costPerByte: String? {
        let series = zip(contests, measurements).compactMap { contest, measured in
            contest.payloadBytes.map { (bytes: $0, tessera: measured[0].microseconds, raw: measured[1].microseconds) }
        }
        guard let small = series.min(by: { $0.bytes < $1.bytes }), let large = series.max(by: { $0.bytes < $1.bytes }),
            large.bytes > small.bytes
        else { return nil }
        let bytes = Double(large.bytes - small.bytes)
        let tessera = (large.tessera - small.tessera) * 1000 / bytes
        let raw = (large.raw - small.raw) * 1000 / bytes
        return "v4.local verify cost per payload byte (\(small.bytes) B → \(large.bytes) B): Tessera "
            + "\(Self.format(tessera, digits: 2)) ns/B, raw \(Self.format(raw, digits: 2)) ns/B."
    }

    /// One row; `counted` is the raw path's instructions over Tessera's for it, when they were counted.
    private static func row(_ contest: Contest, _ measured: [Measurement], counted: Double?) -> Row {
        let tessera = measured[0]
        let baseline = measured[1]
        let peer = contest.jwtKit == nil ? nil : measured[2]
        var misses: [String] = []
        var noise: [String] = []
        /// Notes `label`'s ratio when the rounds' own ratios tell another story than the medians.
        func checkNoise(_ label: String, _ numerator: Measurement, _ ratio: Double) {
            let paired = Measurement.pairedRatio(numerator, over: tessera)
            guard abs(paired / ratio - 1) > Measurement.noiseTolerance else { return }
            noise.append(
                "\(contest.name), \(label): \(format(ratio, digits: 2))× from the medians, "
                    + "\(format(paired, digits: 2))× per round"
            )
        }

        let baselineRatio = Measurement.ratio(baseline, over: tessera)
        checkNoise(contest.baseline.label, baseline, baselineRatio)
        var baselineCell = format(baselineRatio, digits: 2) + "×"
        if let target = contest.baselineTarget {
            baselineCell += " (≥ \(format(target, digits: 2)))"
            if baselineRatio < target { misses.append(contest.baseline.label) }
        }

        var peerTime = "—"
        var peerCell = "—"
        var peerAllocations = "—"
        var peerRatio: Double?
        if let peer {
            let ratio = Measurement.ratio(peer, over: tessera)
            peerRatio = ratio
            checkNoise("jwt-kit", peer, ratio)
            peerTime = format(peer.microseconds, digits: 1)
            peerCell = format(ratio, digits: 2) + "×"
            if let target = contest.jwtKitTarget {
                peerCell += " (≥ \(format(target, digits: 1)))"
                if ratio < target { misses.append("jwt-kit") }
            }
            peerAllocations = peer.allocations.map { format($0, digits: 0) } ?? "—"
        }

        var allocationCell = "—"
        if let mine = tessera.allocations, let theirs = baseline.allocations {
            let own = mine - theirs
            allocationCell = "\(format(mine, digits: 0)) − \(format(theirs, digits: 0)) = \(format(own, digits: 0))"
            if let target = contest.allocationTarget {
                allocationCell += " (≤ \(target))"
                if own > Double(target) + 0.5 { misses.append("allocations") }
            }
        }

        let judged = contest.baselineTarget != nil || contest.jwtKitTarget != nil || contest.allocationTarget != nil
        let verdict = !judged ? "—" : misses.isEmpty ? "PASS" : "MISS (\(misses.joined(separator: ", ")))"
        let cells = [
            contest.name,
            format(tessera.microseconds, digits: 1),
            format(baseline.microseconds, digits: 1)
                + (contest.baseline.label == "raw" ? "" : " (\(contest.baseline.label))"),
            baselineCell,
            peerTime,
            peerCell,
            allocationCell,
            peerAllocations,
            verdict,
        ]
        // Tessera within 5 % of the raw path (OpenSSL 3 or libsodium called directly), by the clock or by instruction
        // count, while jwt-kit is faster than Tessera: the gap is between the C libraries, not work Tessera adds.
        let raw = contest.baseline.label == "raw"
        var floor: String?
        if misses.contains("jwt-kit"), raw, let peerRatio, peerRatio < 1 {
            if baselineRatio >= 0.95 {
                floor = "\(contest.name) \(format(baselineRatio, digits: 2))× raw"
            } else if let counted, counted >= 0.95 {
                floor = "\(contest.name) within 5 % of raw by instruction count (\(format(counted, digits: 3))×)"
            }
        }
        // A raw-path miss within the noise this machine reaches, where the count meets the target: the shortfall is
        // not instructions Tessera adds. A larger miss stays unexplained.
        var countMeets: String?
        if raw, misses.contains("raw"), let target = contest.baselineTarget, let counted, counted >= target,
            baselineRatio >= target * (1 - Measurement.noiseTolerance)
        {
            countMeets =
                "\(contest.name) \(format(baselineRatio, digits: 2))× by the clock, \(format(counted, digits: 3))× "
                + "by instruction count (≥ \(format(target, digits: 2)))"
        }
        return Row(cells: cells, misses: misses, judged: judged, noise: noise, floor: floor, countMeets: countMeets)
    }

    /// A number with a fixed count of decimals.
    static func format(_ value: Double, digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
