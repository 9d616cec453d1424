package import TesseraCore

#if canImport(FoundationEssentials)
package import FoundationEssentials
#else
package import Foundation
#endif

/// The checks every store applies to the values it writes, in one place, so that all stores refuse the same ones.
package enum StoredValue {
    /// `string`, refused when it holds U+0000: PostgreSQL text cannot hold it, and SQLite text would read back cut
    /// short.
    ///
    /// - Parameters:
    ///   - string: The value.
    ///   - what: What it is, for the error.
    /// - Returns: `string`.
    /// - Throws: ``TesseraError/Code/invalidConfiguration``.
    package static func text(_ string: String, _ what: @autoclosure () -> String) throws(TesseraError) -> String {
        guard !string.utf8.contains(0) else {
            throw TesseraError(.invalidConfiguration, "\(what()) contains U+0000, which the store cannot hold")
        }
        return string
    }

    /// `date` as seconds since 1970, refused when NaN (SQLite would store NULL; the stores read NaN as "no instant").
    ///
    /// - Parameters:
    ///   - date: The instant.
    ///   - what: What it is, for the error.
    /// - Returns: Seconds since 1970.
    /// - Throws: ``TesseraError/Code/invalidConfiguration``.
    package static func seconds(_ date: Date, _ what: @autoclosure () -> String) throws(TesseraError) -> Double {
        let seconds = date.timeIntervalSince1970
        guard !seconds.isNaN else {
            throw TesseraError(.invalidConfiguration, "\(what()) is not a number (NaN), which the store cannot hold")
        }
        return seconds
    }
}
