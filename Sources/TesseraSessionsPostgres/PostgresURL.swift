#if PostgreSQL
import TesseraCore

/// The parts of a `postgres://user[:password]@host[:port]/database[?sslmode=...]` URL the store connects with.
///
/// User, password and database are percent-decoded. Errors never quote the user information or the password, and
/// the value is redacted from `dump` and `print`, since it holds the password.
struct PostgresURL: Sendable, CustomStringConvertible, CustomReflectable {
    /// The `sslmode` values with libpq's meaning.
    enum SSLMode: String, Sendable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or no connection, without checking the server's certificate.
        case require
        /// TLS with the server's certificate chain checked, not its name.
        case verifyCA = "verify-ca"
        /// TLS with the certificate chain and the host name checked.
        case verifyFull = "verify-full"
    }

    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String
    var sslMode: SSLMode
    /// A PEM file of the certificate authorities trusted for `verify-ca` and `verify-full`, instead of the system's.
    var sslRootCertificate: String?

    /// The query parameters understood, with their meaning in libpq.
    private static let parameters = ["sslmode", "sslrootcert"]

    /// Reads a URL.
    ///
    /// - Parameter url: `postgres://` or `postgresql://`, a user, an optional password, a host (a name, an IPv4
    ///   address or a bracketed IPv6 address), an optional port (5432), a database, and optionally `sslmode`
    ///   (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`; `prefer` when absent, as in libpq) and
    ///   `sslrootcert` (with `verify-ca` and `verify-full`).
    /// - Throws: ``TesseraError/Code/invalidConfiguration`` naming the part that is wrong, never quoting a password.
    init(parsing url: String) throws(TesseraError) {
        guard let separator = url.firstRange(of: "://"),
            ["postgres", "postgresql"].contains(url[..<separator.lowerBound].lowercased())
        else {
            throw Self.invalid("must start with postgres:// or postgresql://")
        }
        let rest = url[separator.upperBound...]
        guard !rest.contains("#") else {
            throw Self.invalid("must not contain #; percent-encode it as %23 in a password")
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw Self.invalid("must name a database, as in postgres://user@host/database")
        }
        let authority = rest[..<slash]
        var path = rest[rest.index(after: slash)...]
        var query: Substring?
        if let mark = path.firstIndex(of: "?") {
            query = path[path.index(after: mark)...]
            path = path[..<mark]
        }

        guard let at = authority.lastIndex(of: "@") else {
            throw Self.invalid("must name a user, as in postgres://user@host/database")
        }
        let userInformation = authority[..<at]
        if let colon = userInformation.firstIndex(of: ":") {
            username = try Self.decoded(userInformation[..<colon], "user name")
            password = try Self.decoded(userInformation[userInformation.index(after: colon)...], "password")
        } else {
            username = try Self.decoded(userInformation, "user name")
            password = nil
        }
        guard !username.isEmpty else {
            throw Self.invalid("must name a user, as in postgres://user@host/database")
        }
        (host, port) = try Self.endpoint(authority[authority.index(after: at)...])
        database = try Self.decoded(path, "database name")
        guard !database.isEmpty else {
            throw Self.invalid("must name a database, as in postgres://user@host/database")
        }

        var settings: [String: String] = [:]
        for item in query?.split(separator: "&", omittingEmptySubsequences: true) ?? [] {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.decoded(pair[0], "parameter name")
            guard Self.parameters.contains(name) else {
                throw Self.invalid(
                    "has the parameter \(TesseraError.quoted(name)), which is not supported; only "
                        + Self.parameters.joined(separator: " and ") + " are"
                )
            }
            guard pair.count == 2, settings[name] == nil else {
                throw Self.invalid("must give the parameter \(name) one value, once")
            }
            settings[name] = try Self.decoded(pair[1], "\(name) value")
        }
        if let mode = settings["sslmode"] {
            guard let known = SSLMode(rawValue: mode) else {
                throw Self.invalid(
                    "has sslmode=\(TesseraError.quoted(mode)), which is not supported; "
                        + "use disable, prefer, require, verify-ca or verify-full"
                )
            }
            sslMode = known
        } else {
            sslMode = .prefer
        }
        sslRootCertificate = settings["sslrootcert"]
        if sslRootCertificate != nil, sslMode != .verifyCA, sslMode != .verifyFull {
            throw Self.invalid("gives sslrootcert, which only verify-ca and verify-full use")
        }
    }

    /// `postgres://user@host:port/database`, without the password.
    var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(username)@\(shownHost):\(port)/\(database)"
    }

    /// No children: the URL holds a password.
    var customMirror: Mirror { Mirror(self, children: []) }

    /// The host (brackets removed from an IPv6 address) and the port.
    private static func endpoint(_ text: Substring) throws(TesseraError) -> (host: String, port: Int) {
        var host: Substring
        var portText: Substring?
        if text.first == "[" {
            guard let close = text.firstIndex(of: "]") else {
                throw invalid("has an IPv6 host without its closing ]")
            }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":" else { throw invalid("must have :port, or nothing, after an IPv6 host") }
                portText = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else {
                throw invalid("has a bracketed host that is not an IPv6 address")
            }
        } else {
            host = text
            if let colon = text.firstIndex(of: ":") {
                host = text[..<colon]
                portText = text[text.index(after: colon)...]
            }
            let allowed = host.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "."
                        || scalar == "-" || scalar == "_")
            }
            guard !host.isEmpty, allowed else {
                throw invalid("must have a host name or an IP address after the @")
            }
        }
        guard let portText else { return (String(host), 5432) }
        guard portText.count <= 5, portText.allSatisfy(\.isASCII), let port = Int(portText), (1...65_535).contains(port)
        else {
            throw invalid("has a port that is not a number from 1 to 65535")
        }
        return (String(host), port)
    }

    /// A percent-decoded part, refused when the encoding is broken, the bytes are not UTF-8, or it holds U+0000.
    private static func decoded(_ text: Substring, _ what: String) throws(TesseraError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                throw invalid("has a % not followed by two hexadecimal digits in its \(what)")
            }
            bytes.append(high << 4 | low)
        }
        guard !bytes.contains(0) else {
            throw invalid("has a \(what) that contains U+0000, which PostgreSQL cannot take")
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw invalid("has a \(what) that is not UTF-8 once percent-decoded")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func invalid(_ problem: String) -> TesseraError {
        TesseraError(.invalidConfiguration, "the PostgreSQL store URL \(problem)")
    }
}
#endif
