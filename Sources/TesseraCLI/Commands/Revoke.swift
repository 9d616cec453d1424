import ArgumentParser
import Foundation
import TesseraCore
import TesseraSessions

/// `tessera revoke`: adds one entry to the revocation list every verifier with the same store checks.
///
/// Prints one line saying what was revoked; exit 0 when it is stored, 2 for unusable input (bad URL, unreachable
/// store, a missing or contradictory option).
struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Revoke tokens: one jti, a subject's tokens, a key id, or everything issued before an instant.",
        discussion: "Exactly one of --jti (with --issuer and --until), --subject, --kid or --all. Exit 0: stored. "
            + "Exit 2: unusable input or store."
    )

    @Option(help: "The session store: sqlite:PATH or postgres://USER@HOST:PORT/DATABASE.")
    var store: String

    @Option(help: "Revoke the token with this jti (needs --issuer and --until).")
    var jti: String?

    @Option(help: "The issuer of the --jti token.")
    var issuer: String?

    @Option(help: "The --jti token's exp (RFC 3339 or Unix seconds): the entry is kept until then.")
    var until: String?

    @Option(help: "Revoke every token of this subject issued before --before (default now), and its sessions.")
    var subject: String?

    @Option(help: "Revoke every token verified by the key with this id (PASERK id or JWS kid).")
    var kid: String?

    @Flag(help: "Revoke every token issued before --before (default now), and every session.")
    var all = false

    @Option(help: "The epoch for --subject or --all (RFC 3339 or Unix seconds); default now.")
    var before: String?

    func run() async throws {
        let now = Date()
        let entry = try revocation(now: now)
        try await CLIStore.with(store) { store in
            try await CLIStore.unusableOnFailure { () async throws(TesseraError) in
                try await store.revoke([entry], at: now)
            }
        }
        print(Self.describe(entry))
    }

    private func revocation(now: Date) throws(CLIError) -> Revocation {
        let chosen = [jti != nil, subject != nil, kid != nil, all].filter { $0 }.count
        guard chosen == 1 else {
            throw CLIError.unusable("give exactly one of --jti, --subject, --kid or --all")
        }
        guard jti != nil || (issuer == nil && until == nil) else {
            throw CLIError.unusable("--issuer and --until go with --jti")
        }
        guard subject != nil || all || before == nil else {
            throw CLIError.unusable("--before goes with --subject or --all")
        }
        let epoch = try before.map { text throws(CLIError) in try Inputs.instant(text, option: "--before") } ?? now
        if let jti {
            guard let issuer, let until else {
                throw CLIError.unusable("--jti needs --issuer and --until (the token's exp)")
            }
            return .token(issuer: issuer, id: jti, until: try Inputs.instant(until, option: "--until"))
        }
        if let subject { return .subject(subject, before: epoch) }
        if let kid { return .keyID(kid) }
        return .all(before: epoch)
    }

    static func describe(_ entry: Revocation) -> String {
        switch entry {
        case .token(let issuer, let id, let until):
            "revoked jti \(quoted(id)) of issuer \(quoted(issuer ?? "")) until \(Inputs.text(until))"
        case .session(let id, let until): "revoked session \(quoted(id)) until \(Inputs.text(until))"
        case .subject(let subject, let before):
            "revoked tokens of subject \(quoted(subject)) issued before \(Inputs.text(before))"
        case .keyID(let kid): "revoked key id \(quoted(kid))"
        case .all(let before): "revoked every token issued before \(Inputs.text(before))"
        }
    }

    private static func quoted(_ text: String) -> String { TesseraError.escaped(TesseraError.quoted(text, limit: 256)) }
}
