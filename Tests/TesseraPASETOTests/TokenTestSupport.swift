import Foundation
import TesseraCore
import TesseraPASETO
import Testing

/// A fixed instant for tests, and rules that validate at it.
enum Fixed {
    static let now = Date(timeIntervalSince1970: 1_900_000_000)
    static let rules = ValidationRules(clock: .fixed(now))
    static let defaults = IssuingDefaults(clock: .fixed(now))
}

/// The error code `body` throws, or `nil` when it succeeds.
func errorCode<T>(_ body: () throws -> T) -> TesseraError.Code? {
    do {
        _ = try body()
        return nil
    } catch let error as TesseraError {
        return error.code
    } catch {
        Issue.record("threw \(error), not a TesseraError")
        return nil
    }
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
