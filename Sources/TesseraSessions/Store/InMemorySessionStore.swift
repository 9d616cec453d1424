import Synchronization
public import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// A session store in this process's memory, with the same semantics as the database stores: for tests, single-process
/// tools and benchmarks. Everything is lost when the process ends, and other processes see nothing.
public final class InMemorySessionStore: SessionStore {
    private struct Token {
        var familyID: ExactString
        var expiresAt: Date
        var usedAt: Date?
    }

    private struct State {
        var families: [ExactString: SessionFamily] = [:]
        var tokens: [RefreshTokenHash: Token] = [:]
        var revocations: [(revision: Int64, entry: Revocation)] = []
        var revision: Int64 = 0
        var listeners: [UInt64: AsyncStream<StoreChange>.Continuation] = [:]
        var nextListener: UInt64 = 0
    }

    private let state = Mutex(State())

    /// An empty store.
    public init() {}

    /// Nothing to prepare.
    public func prepare() async throws(TesseraError) {}

    /// Records a session and its first token.
    public func createFamily(
        _ family: SessionFamily,
        firstToken: RefreshTokenHash,
        tokenExpiry: Date
    ) async throws(TesseraError) {
        try Self.checkStorable([family.id, family.subject])
        try state.withLock { (state) throws(TesseraError) in
            guard state.families[ExactString(family.id)] == nil else {
                throw TesseraError(.storeUnavailable, "creating a session: the id \(family.id) is taken")
            }
            state.families[ExactString(family.id)] = family
            state.tokens[firstToken] = Token(
                familyID: ExactString(family.id),
                expiresAt: min(tokenExpiry, family.expiresAt)
            )
        }
    }

    /// Spends a token under the store's lock: exactly one caller rotates it.
    public func rotate(_ request: RotationRequest) async throws(TesseraError) -> RotationOutcome {
        let (outcome, signal) = try state.withLock { state throws(TesseraError) -> (RotationOutcome, Bool) in
            guard let token = state.tokens[request.presented], var family = state.families[token.familyID] else {
                return (.unknown, false)
            }
            if family.revokedAt != nil { return (.revoked(family), false) }
            if token.usedAt != nil {
                family.revokedAt = request.now
                state.families[token.familyID] = family
                Self.append(
                    [.session(id: family.id, until: request.now.addingTimeInterval(request.accessTokenLifetime))],
                    to: &state
                )
                return (.reused(family), true)
            }
            if request.now >= token.expiresAt || request.now >= family.expiresAt { return (.expired, false) }
            // Like the databases' unique key: a successor whose hash is already stored changes nothing.
            guard state.tokens[request.successor] == nil else {
                throw TesseraError(
                    .storeUnavailable,
                    "rotating a refresh token: the successor's hash is already stored"
                )
            }
            state.tokens[request.presented]?.usedAt = request.now
            state.tokens[request.successor] = Token(
                familyID: token.familyID,
                expiresAt: min(request.successorExpiry, family.expiresAt)
            )
            return (.rotated(family), false)
        }
        if signal { notify() }
        return outcome
    }

    /// Revokes one live session and lists it.
    public func revokeFamily(id: String, at: Date, accessTokensUntil: Date) async throws(TesseraError) -> Bool {
        let revoked = state.withLock { state -> Bool in
            guard let family = state.families[ExactString(id)], family.revokedAt == nil else { return false }
            state.families[ExactString(id)]?.revokedAt = at
            Self.append([.session(id: id, until: accessTokensUntil)], to: &state)
            return true
        }
        if revoked { notify() }
        return revoked
    }

    /// The subject's sessions, newest first.
    public func families(subject: String) async throws(TesseraError) -> [SessionFamily] {
        state.withLock { state in
            state.families.values.filter { $0.subject.hasSameBytes(as: subject) }.sorted { $0.createdAt > $1.createdAt }
        }
    }

    /// Adds entries; epochs also revoke the sessions they cover.
    public func revoke(_ revocations: [Revocation], at: Date) async throws(TesseraError) {
        try Self.checkStorable(revocations.flatMap(\.strings))
        state.withLock { state in
            for entry in revocations {
                for (id, family) in state.families where family.revokedAt == nil {
                    switch entry {
                    case .subject(let subject, let before)
                    where family.subject.hasSameBytes(as: subject) && family.createdAt < before:
                        state.families[id]?.revokedAt = at
                    case .all(let before) where family.createdAt < before:
                        state.families[id]?.revokedAt = at
                    case .session(let session, _) where family.id.hasSameBytes(as: session):
                        state.families[id]?.revokedAt = at
                    default: break
                    }
                }
            }
            Self.append(revocations, to: &state)
        }
        notify()
    }

    /// Entries after the cursor, or every one still within ``RevocationList/retention`` of its expiry.
    public func revocations(after cursor: RevocationCursor?) async throws(TesseraError) -> RevocationBatch {
        let now = Date().addingTimeInterval(-RevocationList.retention)
        return state.withLock { state in
            guard let cursor else {
                return RevocationBatch(
                    entries: state.revocations.map(\.entry).filter { ($0.expiry ?? now) >= now },
                    cursor: RevocationCursor(revision: state.revision),
                    isComplete: true
                )
            }
            let newer = state.revocations.filter { $0.revision > cursor.revision }
            return RevocationBatch(
                entries: newer.map(\.entry),
                cursor: RevocationCursor(revision: newer.last?.revision ?? cursor.revision),
                isComplete: false
            )
        }
    }

    /// Signals every revocation this store commits.
    public func changes() -> AsyncStream<StoreChange> {
        let (stream, continuation) = AsyncStream.makeStream(of: StoreChange.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { state in
            state.nextListener += 1
            state.listeners[state.nextListener] = continuation
            return state.nextListener
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// Drops expired tokens, sessions and entries.
    public func removeExpired(at now: Date) async throws(TesseraError) {
        state.withLock { state in
            state.families = state.families.filter { $0.value.expiresAt >= now }
            state.tokens = state.tokens.filter { $0.value.expiresAt >= now && state.families[$0.value.familyID] != nil }
            let horizon = now.addingTimeInterval(-RevocationList.retention)
            var latestSubject: [ExactString: Date] = [:]
            var latestAll: Date?
            for (_, entry) in state.revocations {
                switch entry {
                case .subject(let subject, let before):
                    latestSubject[ExactString(subject)] = max(latestSubject[ExactString(subject)] ?? before, before)
                case .all(let before): latestAll = max(latestAll ?? before, before)
                default: break
                }
            }
            state.revocations.removeAll { _, entry in
                switch entry {
                case .subject(let subject, let before): before < latestSubject[ExactString(subject)] ?? before
                case .all(let before): before < latestAll ?? before
                default: (entry.expiry ?? horizon) < horizon
                }
            }
        }
    }

    /// The database stores cannot hold U+0000 (PostgreSQL text); this store refuses it too, so all behave alike.
    private static func checkStorable(_ strings: [String]) throws(TesseraError) {
        for string in strings { _ = try StoredValue.text(string, "a session string") }
    }

    private static func append(_ entries: [Revocation], to state: inout State) {
        for entry in entries {
            state.revision += 1
            state.revocations.append((state.revision, entry))
        }
    }

    private func notify() {
        for listener in state.withLock({ Array($0.listeners.values) }) { listener.yield(.changed) }
    }
}
