import Foundation
import TesseraCore
import TesseraPASETO
import TesseraTestSupport
import Testing

/// A fixed instant for tests, and rules that validate at it.
enum Fixed {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let rules = ValidationRules(clock: .fixed(now))
    static let defaults = IssuingDefaults(clock: .fixed(now))
}

extension String {
    /// The token with its body segment replaced by the base64url of `body`.
    func replacingBody(with body: [UInt8]) -> String {
        var parts = split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        parts[2] = Base64URL.encode(body)
        return parts.joined(separator: ".")
    }

    /// The decoded body segment.
    var bodyBytes: [UInt8] {
        let parts = split(separator: ".", omittingEmptySubsequences: false)
        return (try? Base64URL.decode(parts[2])) ?? []
    }
}
