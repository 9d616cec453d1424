public import TesseraCore

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
/// let cookie = RefreshCookie()                    // or try RefreshCookie(name:path:)
/// response.headers[.setCookie] = cookie.setCookie(for: grant, now: .now)
/// ```
public struct RefreshCookie: Sendable {
    /// The custom header a refresh request must carry (a cross-site form cannot add one).
    public static let requestHeader = "X-Tessera-Refresh"

    /// The cookie name; the default `__Host-` prefix would forbid `Path`, so the name is plain.
    public let name: String
    /// The path the browser sends it to.
    public let path: String

    /// The default settings: `tessera_refresh` on `/auth/refresh`.
    public init() {
        self.name = "tessera_refresh"
        self.path = "/auth/refresh"
    }

    /// Creates the cookie settings.
    ///
    /// - Parameters:
    ///   - name: The cookie name, an RFC 6265 token.
    ///   - path: The refresh path: printable ASCII without spaces or `;`, starting with `/`.
    /// - Throws: ``TesseraCore/TesseraError/Code/invalidConfiguration`` for any other name or path, which would
    ///   break or inject cookie attributes.
    public init(name: String, path: String) throws(TesseraError) {
        guard !name.isEmpty, name.utf8.allSatisfy(Self.isTokenByte) else {
            throw TesseraError(.invalidConfiguration, "a cookie name is a non-empty RFC 6265 token, not \"\(name)\"")
        }
        guard path.utf8.first == UInt8(ascii: "/"),
            path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ";") })
        else {
            throw TesseraError(.invalidConfiguration, "a cookie path is printable ASCII from /, without ;: \"\(path)\"")
        }
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
        // Split on the bytes `;` and `=`, not on Characters: `;` followed by a combining mark is one grapheme.
        let bytes = Array(header.utf8)
        let name = Array(self.name.utf8)
        var values: [ArraySlice<UInt8>] = []
        for pair in bytes.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: false) {
            let trimmed = pair.drop { $0 == UInt8(ascii: " ") }
            guard let equals = trimmed.firstIndex(of: UInt8(ascii: "=")), trimmed[..<equals].elementsEqual(name)
            else { continue }
            values.append(trimmed[(equals + 1)...])
        }
        guard values.count == 1 else { return nil }
        return String(decoding: values[0], as: UTF8.self)
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
