import ArgumentParser
import Foundation
import TesseraCore
import TesseraPASETO

/// `tessera compare`: the same claims through every format, side by side.
struct Compare: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare every format on the same claims: size, speed, what the verifier enforces, and attacks.",
        discussion: """
            For v4.local (also with the revocation check), v4.public, HS256/384/512, RS256, PS256, ES256/384/512 and EdDSA: token size, issue and verify \
            throughput (median and range over rounds), format facts probed from the tokens (header fields that steer a \
            verifier, payload readable without a key, a second valid spelling, size overhead), a security matrix \
            probed from the verifiers, and the JWT attack gallery replayed against each format. --format json is stable (schemaVersion 1; see README).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, markdown
    }

    @Option(help: "The claims as a JSON object, or @FILE.")
    var claims: String =
        #"{"iss":"https://auth.example.com","sub":"user-42","aud":"api.example.com","scope":"read write"}"#

    @Option(help: "Seconds spent measuring in total.")
    var duration: Double = 6

    @Option(help: "Output: table, json or markdown.")
    var format: Format = .table

    @Option(help: "Also write an SVG chart of sizes and throughputs to this file.")
    var svg: String?

    func run() async throws {
        guard duration > 0, duration <= 600 else { throw CLIError.unusable("--duration takes 0 < SECONDS <= 600") }
        let now = Date()
        let claims: Claims
        do {
            claims = try ClaimsCodec.paseto.decode(Inputs.claimsJSON(self.claims))
        } catch let error as CLIError {
            throw error
        } catch let error as TesseraError {
            throw CLIError.unusable("unusable claims: \(error.reason)")
        }
        progress("generating keys (RSA takes a moment)")
        let backends = try await Backend.all(now: now)
        let rounds = 5
        let slice = duration / Double(backends.count * 2 * rounds)
        var rows: [Report.Row] = []
        for (index, backend) in backends.enumerated() {
            progress("measuring \(backend.name) (\(index + 1)/\(backends.count))")
            let token = try backend.issuer.issue(claims)
            let issue = try Throughput.measure(rounds: rounds, slice: slice) { _ = try backend.issuer.issue(claims) }
            let verify = try Throughput.measure(rounds: rounds, slice: slice) { _ = try backend.verifier.verify(token) }
            let security = try Probes.profile(backend, claims: claims)
            rows.append(
                Report.Row(
                    format: backend.name,
                    family: backend.family,
                    tokenBytes: token.utf8.count,
                    payloadConfidential: !security.payloadReadable,
                    issue: issue,
                    verify: verify,
                    security: security,
                    attacks: try Probes.gallery(backend, claims: claims, now: now),
                    formatFacts: try Probes.facts(backend, claims: claims)
                )
            )
        }
        progress("done")
        if isatty(STDERR_FILENO) == 1 { FileHandle.standardError.write(Data("\n".utf8)) }
        let report = Report(
            claims: String(decoding: try Inputs.claimsJSON(self.claims), as: UTF8.self),
            durationSeconds: duration,
            rows: rows
        )
        switch format {
        case .json: print(try report.json())
        case .table: print(report.text(markdown: false))
        case .markdown: print(report.text(markdown: true))
        }
        if let svg {
            guard FileManager.default.createFile(atPath: svg, contents: Data(report.svg().utf8)) else {
                throw CLIError.unusable("cannot write \(svg)")
            }
        }
    }

    /// One progress line on stderr: rewritten in place on a terminal, one line per step otherwise.
    private func progress(_ message: String) {
        let line = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[2Kcompare: \(message)" : "compare: \(message)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
