import Foundation

/// `RESULTS.md`: the machine, the method and the table, then the peer verdicts that the PeerVerdicts executable
/// writes to its own file (`PeerVerdicts --markdown Benchmarks/PeerVerdicts.md`), included as they are.
struct Results {
    let report: Report
    /// `tessera compare` set against this run, when `--compare` named its output.
    let agreement: CompareAgreement?
    let options: Options
    let date: Date
    let duration: TimeInterval

    /// The header lines and the table, as printed.
    var table: String {
        let date = ISO8601DateFormatter().string(from: date)
        return """
            Date: \(date); machine: \(Machine.architecture), \(Machine.processor), \(Machine.cores) cores
            \(Machine.swift); \(Machine.libraries)
            Run: \(options.rounds) interleaved rounds × \(options.slice) s per contender \
            (\(Int(duration.rounded())) s in all); µs/op are medians over rounds, each ratio the quotient of the two \
            medians printed beside it

            \(report.markdown)
            """
    }

    /// The instruction-count section, from the table `Scripts/instructions.sh` printed, when `--instructions` named
    /// one.
    private var instructions: String? {
        guard let file = options.instructions else { return nil }
        guard let table = try? String(contentsOfFile: file, encoding: .utf8), table.contains("|") else {
            return "## Instructions per operation\n\nNot counted: \(file) holds no table (is valgrind installed?)."
        }
        return """
            ## Instructions per operation

            Counted by `bash Benchmarks/Scripts/instructions.sh` under valgrind's callgrind: the same contenders as \
            the table above, each alone in a loop of a fixed number of operations after as many uncounted ones. A \
            count does not move with the machine's load, so where a wall-clock ratio above misses its target by a \
            few per cent while the count meets it, the miss is the machine's noise, not work Tessera does; where \
            both miss, the count shows how much work there is.

            \(table.trimmingCharacters(in: .whitespacesAndNewlines))
            """
    }

    /// Writes the file, with the peer verdicts file's section if there is one.
    func write(to path: String) throws {
        var verdicts = """
            ## Peer verdicts

            None yet: `swift run -c release --package-path Benchmarks PeerVerdicts --markdown \
            Benchmarks/PeerVerdicts.md` writes them, and the next run of Ratios includes that file here.
            """
        if let file = options.peerVerdicts, let text = try? String(contentsOfFile: file, encoding: .utf8) {
            let section = text.trimmingCharacters(in: .whitespacesAndNewlines)
            verdicts = section.hasPrefix("## ") ? section : "## Peer verdicts\n\n" + section
        }
        let text = """
            # Benchmark results

            Written by `bash Benchmarks/Scripts/results.sh` (PeerVerdicts, then Ratios); rerun it rather than edit by hand.

            \(table)

            ## How to read the table

            - Each round runs every contender of every row for one slice, Tessera, its baseline and jwt-kit one after \
            another (the order rotates each round), so load from elsewhere on the machine falls on all of them alike; \
            times are medians over the rounds, and each ratio is the quotient of the two medians in its row, so it can be \
            checked by hand. Where the median of the rounds' own ratios differs from that quotient by more than 10 % \
            the rounds disagree with each other (load from elsewhere), and the line under the table names the row.
            - **Tessera ÷ baseline** is the baseline's time over Tessera's: Tessera's throughput as a fraction of the \
            baseline's (1.00× = as fast). The baseline is the raw C limit (Benchmarks/Sources/CRawLimit: libsodium and \
            OpenSSL 3 EVP on pre-serialised claims, no JSON, base64url decode included) unless the column names \
            another: a single-key verifier, or one task (the ratio is then the speed-up of two tasks).
            - **jwt-kit ÷ Tessera** is jwt-kit's time over Tessera's: above 1.00× Tessera is faster.
            - Verify is parse, signature or tag, claims decode and validation of the same seven claims (iss, sub, \
            aud, exp, nbf, iat, jti) for Tessera and jwt-kit; all three verify the same Tessera-issued token.
            - Allocations are counted by a malloc counter linked into Ratios (malloc, calloc, realloc and aligned \
            allocations), over 10 to 1,000 operations after a warm-up; the raw paths write into buffers allocated \
            once, so what they allocate is the C libraries' own.
            - The raw paths: v4.local streams the PAE into BLAKE2b (no PAE buffer); HMAC restarts a keyed OpenSSL \
            EVP_MAC context per operation (the one-shot `HMAC()` fetches and allocates on every call and was slower \
            than Tessera itself); RS, PS and ES use EVP_DigestSign/DigestVerify with a fresh EVP_MD_CTX per \
            operation, so a library that keeps per-key contexts can beat them; base64url is libsodium's \
            constant-time codec, which dominates the raw time from about 1 KiB of payload on.
            \(agreement.map { "\n" + $0.markdown + "\n" } ?? "")
            \(instructions.map { "\n" + $0 + "\n" } ?? "")
            \(verdicts)

            """
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
