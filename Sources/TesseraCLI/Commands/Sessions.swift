import ArgumentParser
import Foundation
import TesseraCore
import TesseraSessions

/// `tessera sessions`: operator commands on the refresh-token sessions in a store.
struct Sessions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List or revoke refresh-token sessions.",
        subcommands: [List.self, RevokeFamily.self]
    )

    /// `tessera sessions list --store URL --subject SUB`: one line per session, newest first.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List a subject's sessions, newest first: id, created, expires, and live or revoked.",
            discussion: "One line per session. Exit 0: listed (possibly none). Exit 2: unusable input or store."
        )

        @Option(help: "The session store: sqlite:PATH or postgres://USER@HOST:PORT/DATABASE.")
        var store: String

        @Option(help: "The subject whose sessions to list.")
        var subject: String

        func run() async throws {
            let families = try await CLIStore.with(store) { store in
                try await CLIStore.unusableOnFailure { () async throws(TesseraError) in
                    try await store.families(subject: subject)
                }
            }
            for family in families {
                let id = TesseraError.escaped(family.id)
                let state = family.revokedAt.map { "revoked \(Inputs.text($0))" } ?? "live"
                print(
                    "\(id) created \(Inputs.text(family.createdAt)) expires \(Inputs.text(family.expiresAt)) \(state)"
                )
            }
        }
    }

    /// `tessera sessions revoke-family --store URL ID`: ends one session and revokes its access tokens.
    struct RevokeFamily: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-family",
            abstract: "Revoke one session: its refresh tokens stop working and its access tokens are revoked.",
            discussion: "Exit 0: the session is not live any more (revoked now, or already). Exit 2: unusable input."
        )

        @Option(help: "The session store: sqlite:PATH or postgres://USER@HOST:PORT/DATABASE.")
        var store: String

        @Option(
            name: .customLong("access-lifetime"),
            help: "The longest access-token lifetime the sessions use, e.g. 10m: how long the entry must last."
        )
        var accessLifetime: String = "10m"

        @Argument(help: "The session id (the sid claim).")
        var id: String

        func run() async throws {
            let lifetime = try Inputs.duration(accessLifetime, option: "--access-lifetime")
            let now = Date()
            let revoked = try await CLIStore.with(store) { store in
                try await CLIStore.unusableOnFailure { () async throws(TesseraError) in
                    try await store.revokeFamily(id: id, at: now, accessTokensUntil: now.addingTimeInterval(lifetime))
                }
            }
            let quoted = TesseraError.escaped(TesseraError.quoted(id, limit: 256))
            print(revoked ? "revoked session \(quoted)" : "session \(quoted) was not live (unknown or already revoked)")
        }
    }
}
