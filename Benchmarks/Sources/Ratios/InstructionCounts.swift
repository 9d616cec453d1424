import Foundation

/// The raw path's instructions over Tessera's per row, read from the table `Scripts/instructions.sh` printed: a ratio
/// that does not move with the machine's load, set beside a wall-clock ratio that does.
struct InstructionCounts {
    /// baseline ÷ Tessera by row name, for rows whose baseline is the raw C path.
    let rawOverTessera: [String: Double]

    /// No counts: every row is judged by the clock alone.
    init() { rawOverTessera = [:] }

    /// Reads `| row | Tessera | baseline (raw) | ratio× |` lines, taking the ratio from the two counts (the printed one
    /// is rounded); other lines (the header, blank ones, other baselines) are skipped.
    init(table: String) {
        var ratios: [String: Double] = [:]
        for line in table.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, cells[2].hasSuffix(" (raw)"), let tessera = Double(cells[1]), tessera > 0,
                let raw = Double(cells[2].dropLast(" (raw)".count))
            else { continue }
            ratios[cells[0]] = raw / tessera
        }
        rawOverTessera = ratios
    }

    /// The counts in the file at `path`, or none when there is no path or no table in it.
    init(file path: String?) {
        guard let path, let table = try? String(contentsOfFile: path, encoding: .utf8) else {
            self.init()
            return
        }
        self.init(table: table)
    }
}
