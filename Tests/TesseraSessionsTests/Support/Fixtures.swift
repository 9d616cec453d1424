import Foundation
import Synchronization
import TesseraCore
import TesseraPASETO
import TesseraSessions

/// Fixed instants and keys shared by the session tests.
enum Fixture {
    /// A whole second a year ahead of the real clock: stores compare expiries with the real clock when they read the
    /// full revocation list or clean up, so a fixed instant would expire with time and fail these tests.
    static let now = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 365 * 86_400).rounded(.down))

    static func claims(
        sub: String? = "user-1",
        iat: Date? = now,
        jti: String? = nil,
        iss: String? = nil,
        sid: String? = nil
    ) -> Claims {
        var claims = Claims(
            issuer: iss,
            subject: sub,
            expiration: now.addingTimeInterval(600),
            issuedAt: iat,
            tokenID: jti
        )
        if let sid { claims.custom["sid"] = .string(sid) }
        return claims
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let instant: Mutex<Date>

    init(_ start: Date = Fixture.now) { instant = Mutex(start) }

    var clock: TokenClock { TokenClock { [self] in instant.withLock { $0 } } }

    func advance(_ seconds: TimeInterval) { instant.withLock { $0.addTimeInterval(seconds) } }
}
