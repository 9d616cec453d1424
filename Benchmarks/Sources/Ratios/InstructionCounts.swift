import Foundation

/// The raw path's instructions over Tessera's per row, read from the table `Scripts/instructions.sh` printed: a ratio
/// that does not move with the machine's load, set beside a wall-clock ratio that does.
struct InstructionCounts {
    /// baseline ÷ Tessera by row name, for rows whose baseline is the raw C path.
    let rawOverTessera: [String: Double]

    /// No counts: every row is judged by the clock alone.
    init() { rawOverTessera = [:] }

    /// Reads `| row | Tessera | baseline (raw) | ratio× |` lines; other lines (the header, blank ones) are skipped.
    init(table: String) {
        var ratios: [String: Double] = [:]
        for line in table.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, cells[2].hasSuffix("(raw)"), cells[3].hasSuffix("×"),
                let ratio = Double(cells[3].dropLast())
            else { continue }
            ratios[cells[0]] = ratio
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
