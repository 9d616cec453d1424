#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Where validation and issuing read the current time from; inject a fixed clock in tests.
public struct TokenClock: Sendable {
    private let read: @Sendable () -> Date

    /// A clock that calls `read` for the time.
    ///
    /// - Parameter read: Returns the current instant.
    public init(_ read: @escaping @Sendable () -> Date) { self.read = read }

    /// The current instant.
    public func now() -> Date { read() }

    /// The system's wall clock.
    public static let system = TokenClock { Date() }

    /// A clock stopped at `date`.
    ///
    /// - Parameter date: The instant to report.
    /// - Returns: The clock.
    public static func fixed(_ date: Date) -> TokenClock { TokenClock { date } }
}
