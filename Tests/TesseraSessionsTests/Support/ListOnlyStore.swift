import Foundation
import Synchronization
import TesseraCore
import TesseraSessions

/// A store that holds only revocations in memory, for monitor tests that must not need a database; it can be made
/// to fail, to show that a monitor fails closed when its store is gone.
final class ListOnlyStore: SessionStore {
    private struct State {
        var entries: [(Int64, Revocation)] = []
        var failing = false
    }

    private let state = Mutex(State())

    var failing: Bool {
        get { state.withLock { $0.failing } }
        set { state.withLock { $0.failing = newValue } }
    }

    func prepare() async throws(TesseraError) {}

    func createFamily(_: SessionFamily, firstToken: RefreshTokenHash, tokenExpiry: Date) async throws(TesseraError) {
        throw TesseraError(.storeUnavailable, "not used")
    }

    func rotate(_: RotationRequest) async throws(TesseraError) -> RotationOutcome {
        throw TesseraError(.storeUnavailable, "not used")
    }

    func revokeFamily(id: String, at: Date, accessTokensUntil: Date) async throws(TesseraError) -> Bool {
        try await revoke([.session(id: id, until: accessTokensUntil)], at: at)
        return true
    }

    func families(subject: String) async throws(TesseraError) -> [SessionFamily] { [] }

    func revoke(_ revocations: [Revocation], at: Date) async throws(TesseraError) {
        try state.withLock { (state) throws(TesseraError) in
            guard !state.failing else { throw TesseraError(.storeUnavailable, "the test store is down") }
            for entry in revocations { state.entries.append((Int64(state.entries.count + 1), entry)) }
        }
    }

    func revocations(after cursor: RevocationCursor?) async throws(TesseraError) -> RevocationBatch {
        try state.withLock { (state) throws(TesseraError) in
            guard !state.failing else { throw TesseraError(.storeUnavailable, "the test store is down") }
            let newer = state.entries.filter { $0.0 > (cursor?.revision ?? 0) }
            return RevocationBatch(
                entries: newer.map(\.1),
                cursor: RevocationCursor(revision: Int64(state.entries.count)),
                isComplete: cursor == nil
            )
        }
    }

    func changes() -> AsyncStream<StoreChange> { AsyncStream { _ in } }

    func removeExpired(at now: Date) async throws(TesseraError) {}
}
