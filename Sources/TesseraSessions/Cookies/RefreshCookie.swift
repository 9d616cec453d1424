import TesseraCore

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// The refresh-token cookie: `HttpOnly; Secure; SameSite=Strict`, scoped to the refresh path.
///
/// `HttpOnly` keeps the token away from scripts (an XSS cannot read it), `Secure` off plain HTTP, `SameSite=Strict`
/// off cross-site requests, and `Path` off every request but the ones that rotate it. Access tokens stay out of
/// cookies and storage: the client keeps them in memory and sends them in `Authorization`. SPEC-NOTES.md explains
/// the CSRF story (SameSite plus a custom header on refresh).
///
/// ```swift
/// let cookie = RefreshCookie()
/// response.headers[.setCookie] = cookie.setCookie(for: grant, now: .now)
/// ```
public struct RefreshCookie: Sendable {
    /// The custom header a refresh request must carry (a cross-site form cannot add one).
    public static let requestHeader = "X-Tessera-Refresh"

    /// The cookie name; the default `__Host-` prefix would forbid `Path`, so the name is plain.
    public let name: String
    /// The path the browser sends it to.
    public let path: String

    /// Creates the cookie settings.
    ///
    /// - Parameters:
    ///   - name: The cookie name (default `tessera_refresh`).
    ///   - path: The refresh path (default `/auth/refresh`).
    /// - Precondition: `name` is a cookie token (RFC 6265 §4.1.1) and `path` has no `;` or control characters.
    public init(name: String = "tessera_refresh", path: String = "/auth/refresh") {
        precondition(
            !name.isEmpty && name.utf8.allSatisfy(Self.isTokenByte),
            "a cookie name is a non-empty RFC 6265 token"
        )
        precondition(path.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") }, "unusable path")
        self.name = name
        self.path = path
    }

    /// The `Set-Cookie` value that stores a grant's refresh token until it lapses.
    ///
    /// - Parameters:
    ///   - grant: The login or refresh result.
    ///   - now: The current instant, for `Max-Age`.
    /// - Returns: The header value.
    public func setCookie(for grant: SessionGrant, now: Date) -> String {
        let maxAge = max(0, Int(grant.refreshTokenExpiry.timeIntervalSince(now).rounded(.down)))
        return "\(name)=\(grant.refreshToken.value); \(attributes); Max-Age=\(maxAge)"
    }

    /// The `Set-Cookie` value that deletes the cookie (logout).
    public var clearingCookie: String { "\(name)=; \(attributes); Max-Age=0" }

    /// The cookie's value in a request's `Cookie` header, if present exactly once.
    ///
    /// - Parameter header: The `Cookie` header value.
    /// - Returns: The refresh token text, or `nil` when absent or sent more than once (a cookie planted by another
    ///   path or subdomain must not shadow the real one).
    public func value(inCookieHeader header: String) -> String? {
        let values = header.split(separator: ";").compactMap { pair -> Substring? in
            let trimmed = pair.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals].hasSameBytes(as: name) else {
                return nil
            }
            return trimmed[trimmed.index(after: equals)...]
        }
        return values.count == 1 ? String(values[0]) : nil
    }

    private var attributes: String { "Path=\(path); HttpOnly; Secure; SameSite=Strict" }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "a")...UInt8(ascii: "z"):
            true
        default: "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
