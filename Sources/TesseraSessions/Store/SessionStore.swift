public import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where sessions (refresh-token families) and revocations live: one database shared by every node.
///
/// Each operation is one transaction. ``rotate(_:)`` in particular must make exactly one successor for a refresh token
/// however many callers race on it: every other caller sees the token as used, and the store revokes the family in the
/// same transaction. Implementations: `SQLiteSessionStore` (trait `SQLite`) and `PostgresSessionStore` (trait
/// `PostgreSQL`); both pass the same conformance suite.
public protocol SessionStore: Sendable {
    /// Creates the schema or migrates it to this library's version; safe to call on every start, from many nodes.
    ///
    /// - Throws: ``TesseraError/Code/storeUnavailable`` when the database cannot be reached or is of a newer schema.
    func prepare() async throws(TesseraError)

    /// Records a new session with its first refresh token.
    ///
    /// - Parameters:
    ///   - family: The session.
    ///   - firstToken: The keyed hash of its first refresh token.
    ///   - tokenExpiry: When that token lapses if unused (the idle lifetime, capped by the session's).
    /// - Throws: ``TesseraError/Code/storeUnavailable``.
    func createFamily(
        _ family: SessionFamily,
        firstToken: RefreshTokenHash,
        tokenExpiry: Date
    ) async throws(TesseraError)

    /// Spends a refresh token and records its successor, atomically.
    ///
    /// - Parameter request: The presented token's hash, the successor's hash and the instants involved.
    /// - Returns: What happened; on ``RotationOutcome/reused(_:)`` the family is already revoked and a
    ///   ``Revocation/session(id:until:)`` entry written in the same transaction.
    /// - Throws: ``TesseraError/Code/storeUnavailable``, also when the successor's hash is already stored (nothing is
    ///   then changed: the presented token stays unspent).
    func rotate(_ request: RotationRequest) async throws(TesseraError) -> RotationOutcome

    /// Revokes one session: its refresh tokens stop working and a ``Revocation/session(id:until:)`` entry takes its
    /// access tokens back.
    ///
    /// - Parameters:
    ///   - id: The session id.
    ///   - at: The revocation instant.
    ///   - accessTokensUntil: Until when the session entry must stay on the list (the last access token's `exp`).
    /// - Returns: `false` when no live session has that id.
    /// - Throws: ``TesseraError/Code/storeUnavailable``.
    func revokeFamily(id: String, at: Date, accessTokensUntil: Date) async throws(TesseraError) -> Bool

    /// The sessions of one subject, newest first.
    ///
    /// - Parameter subject: The subject, compared byte for byte.
    /// - Returns: Its sessions, live or revoked.
    /// - Throws: ``TesseraError/Code/storeUnavailable``.
    func families(subject: String) async throws(TesseraError) -> [SessionFamily]

    /// Adds revocation entries, visible to every node's ``RevocationMonitor`` after its next refresh. A session entry
    /// also revokes that session, a subject epoch that subject's sessions started before it, a global epoch every
    /// session started before it.
    ///
    /// - Parameters:
    ///   - revocations: The entries.
    ///   - at: The instant they are made.
    /// - Throws: ``TesseraError/Code/storeUnavailable``.
    func revoke(_ revocations: [Revocation], at: Date) async throws(TesseraError)

    /// Revocation entries written after `cursor`, or, when `cursor` is `nil`, every one whose expiry is less than
    /// ``RevocationList/retention`` ago.
    ///
    /// - Parameter cursor: What the caller has already seen, from an earlier batch.
    /// - Returns: The entries and the cursor to pass next time.
    /// - Throws: ``TesseraError/Code/storeUnavailable``.
    func revocations(after cursor: RevocationCursor?) async throws(TesseraError) -> RevocationBatch

    /// Signals that revocations may have changed, for monitors to refresh early; may never signal (monitors also
    /// poll). `.resynchronize` asks for a full reload, e.g. after a lost connection.
    func changes() -> AsyncStream<StoreChange>

    /// Deletes refresh tokens and sessions past their end, revocation entries more than ``RevocationList/retention``
    /// past theirs, and epochs superseded by a later one.
    ///
    /// - Parameter now: The current instant.
    /// - Throws: ``TesseraError/Code/storeUnavailable``.
    func removeExpired(at now: Date) async throws(TesseraError)
}

/// A signal from a store's change feed.
public enum StoreChange: Sendable, Hashable {
    /// New revocations were committed.
    case changed
    /// The feed may have missed changes (e.g. a reconnect): reload everything.
    case resynchronize
}

/// A position in a store's revocation log.
public struct RevocationCursor: Sendable, Hashable, Comparable {
    /// The last revision seen.
    public let revision: Int64

    /// Wraps a revision.
    ///
    /// - Parameter revision: The last revision seen.
    public init(revision: Int64) { self.revision = revision }

    /// Orders by revision.
    public static func < (lhs: RevocationCursor, rhs: RevocationCursor) -> Bool { lhs.revision < rhs.revision }
}

/// Revocation entries read from a store.
public struct RevocationBatch: Sendable {
    /// The entries, oldest first.
    public var entries: [Revocation]
    /// Where the next read starts.
    public var cursor: RevocationCursor
    /// Whether `entries` is the whole live list (a full read) rather than what came after a cursor.
    public var isComplete: Bool

    /// Creates a batch.
    ///
    /// - Parameters:
    ///   - entries: The entries, oldest first.
    ///   - cursor: Where the next read starts.
    ///   - isComplete: Whether this is the whole list.
    public init(entries: [Revocation], cursor: RevocationCursor, isComplete: Bool) {
        self.entries = entries
        self.cursor = cursor
        self.isComplete = isComplete
    }
}

/// A session: the family of refresh tokens that one login started.
public struct SessionFamily: Sendable, Hashable {
    /// The session id, also the `sid` claim of its access tokens.
    public var id: String
    /// The subject it was started for.
    public var subject: String
    /// When it started.
    public var createdAt: Date
    /// Its absolute end: no refresh after this, however active.
    public var expiresAt: Date
    /// When it was revoked, if it was.
    public var revokedAt: Date?

    /// Creates a session record.
    ///
    /// - Parameters:
    ///   - id: The session id.
    ///   - subject: The subject.
    ///   - createdAt: The start.
    ///   - expiresAt: The absolute end.
    ///   - revokedAt: The revocation instant, if any.
    public init(id: String, subject: String, createdAt: Date, expiresAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.subject = subject
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// What a store needs to spend a refresh token.
public struct RotationRequest: Sendable {
    /// The keyed hash of the presented token.
    public var presented: RefreshTokenHash
    /// The keyed hash of its successor.
    public var successor: RefreshTokenHash
    /// The instant of the rotation.
    public var now: Date
    /// When the successor lapses if unused; the store caps it at the session's end.
    public var successorExpiry: Date
    /// How long the session's access tokens live, so a reuse's session entry outlives the last of them.
    public var accessTokenLifetime: TimeInterval

    /// Creates a request.
    ///
    /// - Parameters:
    ///   - presented: The presented token's hash.
    ///   - successor: The successor's hash.
    ///   - now: The rotation instant.
    ///   - successorExpiry: The successor's idle expiry.
    ///   - accessTokenLifetime: The access-token lifetime in seconds.
    public init(
        presented: RefreshTokenHash,
        successor: RefreshTokenHash,
        now: Date,
        successorExpiry: Date,
        accessTokenLifetime: TimeInterval
    ) {
        self.presented = presented
        self.successor = successor
        self.now = now
        self.successorExpiry = successorExpiry
        self.accessTokenLifetime = accessTokenLifetime
    }
}

/// The result of ``SessionStore/rotate(_:)``.
public enum RotationOutcome: Sendable, Hashable {
    /// The token was spent and its successor stored; the session is returned.
    case rotated(SessionFamily)
    /// The token had already been spent: the session is now revoked.
    case reused(SessionFamily)
    /// The session was revoked earlier.
    case revoked(SessionFamily)
    /// The token or its session has passed its lifetime.
    case expired
    /// No such token.
    case unknown
}
