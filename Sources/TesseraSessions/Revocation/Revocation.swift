import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// One entry of the revocation list: what it takes back, never the bytes of a token.
///
/// Entries are keyed on claims (`jti` with `iss`, `sid`, `sub`), on key ids and on time, so no other spelling of a
/// revoked token escapes them: a token is revoked for what it says, whatever its encoding.
public enum Revocation: Sendable, Hashable {
    /// The token with this `jti` from this issuer (`nil` matches tokens without `iss`), until `until`, the token's
    /// own `exp`, after which the token is dead anyway and the entry is dropped.
    case token(issuer: String?, id: String, until: Date)
    /// Every access token of one session (the `sid` claim a ``SessionManager`` writes), until `until`.
    case session(id: String, until: Date)
    /// Every token of `subject` issued before `before` (its `iat`): logout everywhere, a password change.
    case subject(String, before: Date)
    /// Every token verified by the key with this id (a PASERK id, or a JWS key's `kid`, the value a key ring routes
    /// `kid` footers and headers by): a compromised key.
    case keyID(String)
    /// Every token issued before `before`.
    case all(before: Date)

    /// The instant after which the entry no longer matters, or `nil` for entries that never lapse on their own.
    public var expiry: Date? {
        switch self {
        case .token(_, _, let until), .session(_, let until): until
        case .subject, .keyID, .all: nil
        }
    }

    /// The strings the entry holds, e.g. for a store to check before writing them.
    public var strings: [String] {
        switch self {
        case .token(let issuer, let id, _): [id] + (issuer.map { [$0] } ?? [])
        case .session(let id, _): [id]
        case .subject(let subject, _): [subject]
        case .keyID(let keyID): [keyID]
        case .all: []
        }
    }

    /// Equal when the kind, strings (byte for byte) and instants are.
    public static func == (lhs: Revocation, rhs: Revocation) -> Bool { lhs.key == rhs.key }

    /// Hashes the kind, the UTF-8 bytes of the strings and the instants.
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    /// The entry with its strings as ``ExactString``s: what equality and hashing compare.
    private var key: Key {
        switch self {
        case .token(let issuer, let id, let until): .token(issuer.map(ExactString.init), ExactString(id), until)
        case .session(let id, let until): .session(ExactString(id), until)
        case .subject(let subject, let before): .subject(ExactString(subject), before)
        case .keyID(let keyID): .keyID(ExactString(keyID))
        case .all(let before): .all(before)
        }
    }

    private enum Key: Hashable {
        case token(ExactString?, ExactString, Date)
        case session(ExactString, Date)
        case subject(ExactString, Date)
        case keyID(ExactString)
        case all(Date)
    }
}
