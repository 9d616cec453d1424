public import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The revocation state a verifier checks tokens against: an in-memory, immutable value.
///
/// Lookups are dictionary hits keyed on the UTF-8 bytes of the claims, so a check costs well under a microsecond and
/// never touches a database. Epochs keep only the latest instant per subject; token and session entries are dropped
/// by ``removingExpired(at:)`` once their tokens have expired, so the list stays as small as the set of live revoked
/// tokens.
public struct RevocationList: Sendable {
    private struct TokenKey: Hashable {
        let issuer: ExactString?
        let id: ExactString
    }

    private var tokens: [TokenKey: Date] = [:]
    private var sessions: [ExactString: Date] = [:]
    private var subjects: [ExactString: Date] = [:]
    private var keyIDs: Set<ExactString> = []
    private var globalEpoch: Date?

    /// How long token and session entries are kept past their `until`: the largest leeway a verifier may grant
    /// (``ValidationRules/maximumLeeway``, one day), since a token is still accepted up to `exp` plus the leeway.
    /// Stores keep entries as long (`expires_at >= now - retention`).
    public static let retention: TimeInterval = ValidationRules.maximumLeeway

    /// An empty list.
    public init() {}

    /// A list holding `entries`.
    ///
    /// - Parameter entries: Revocations, in any order.
    public init(_ entries: some Sequence<Revocation>) {
        for entry in entries { insert(entry) }
    }

    /// The number of entries held (epochs count once per subject).
    public var count: Int {
        tokens.count + sessions.count + subjects.count + keyIDs.count + (globalEpoch == nil ? 0 : 1)
    }

    /// Adds an entry; epochs keep the later instant, expiries the later one.
    ///
    /// - Parameter entry: The revocation.
    public mutating func insert(_ entry: Revocation) {
        switch entry {
        case .token(let issuer, let id, let until):
            let key = TokenKey(issuer: issuer.map(ExactString.init), id: ExactString(id))
            tokens[key] = max(tokens[key] ?? until, until)
        case .session(let id, let until):
            sessions[ExactString(id)] = max(sessions[ExactString(id)] ?? until, until)
        case .subject(let subject, let before):
            subjects[ExactString(subject)] = max(subjects[ExactString(subject)] ?? before, before)
        case .keyID(let keyID):
            keyIDs.insert(ExactString(keyID))
        case .all(let before):
            globalEpoch = max(globalEpoch ?? before, before)
        }
    }

    /// The list without token and session entries whose `until` is more than ``retention`` before `now`: their
    /// tokens can no longer verify, even with the largest leeway.
    ///
    /// - Parameter now: The current instant.
    /// - Returns: The pruned list.
    public func removingExpired(at now: Date) -> RevocationList {
        let horizon = now.addingTimeInterval(-Self.retention)
        var copy = self
        copy.tokens = tokens.filter { $0.value >= horizon }
        copy.sessions = sessions.filter { $0.value >= horizon }
        return copy
    }

    /// Whether a verified token is revoked.
    ///
    /// A token without `iat` counts as issued before every epoch that applies to it: its issue time cannot be
    /// shown to be later, so it fails closed.
    ///
    /// - Parameters:
    ///   - claims: The verified token's claims.
    ///   - keyID: The id of the key that verified the token (``VerifiedToken/keyID``).
    /// - Returns: ``TesseraError/Code/revoked`` with what matched, or `nil` when nothing did.
    public func revocation(of claims: Claims, keyID: String?) -> TesseraError? {
        if !keyIDs.isEmpty, let keyID, Self.contains(keyIDs, keyID) {
            return TesseraError(.revoked, "the token's key id \"\(keyID)\" has been revoked")
        }
        if let globalEpoch, Self.issued(claims.issuedAt, before: globalEpoch) {
            return TesseraError(.revoked, "every token issued before \(RFC3339.describe(globalEpoch)) has been revoked")
        }
        if !subjects.isEmpty, let subject = claims.subject, let epoch = subjects[ExactString(subject)],
            Self.issued(claims.issuedAt, before: epoch)
        {
            return TesseraError(
                .revoked,
                "the subject's tokens issued before \(RFC3339.describe(epoch)) have been revoked"
            )
        }
        if !tokens.isEmpty, let id = claims.tokenID,
            tokens[TokenKey(issuer: claims.issuer.map(ExactString.init), id: ExactString(id))] != nil
        {
            return TesseraError(.revoked, "the token's jti has been revoked")
        }
        if !sessions.isEmpty, let session = claims.custom[SessionManager.sessionClaim]?.stringValue,
            sessions[ExactString(session)] != nil
        {
            return TesseraError(.revoked, "the token's session has been revoked")
        }
        return nil
    }

    /// Whether `set` holds `string`, byte for byte: compared one by one while the set is small (a few revoked keys
    /// is the rule, and a comparison fails on the length or the first differing byte, where hashing reads every
    /// byte), hashed beyond.
    ///
    /// - Parameters:
    ///   - set: The set.
    ///   - string: The string.
    /// - Returns: Whether it is in the set.
    private static func contains(_ set: Set<ExactString>, _ string: String) -> Bool {
        guard set.count <= 8 else { return set.contains(ExactString(string)) }
        return set.contains { $0.string.hasSameBytes(as: string) }
    }

    private static func issued(_ issuedAt: Date?, before epoch: Date) -> Bool {
        guard let issuedAt else { return true }
        return issuedAt < epoch
    }

}
