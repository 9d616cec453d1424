import CRawLimit
import TesseraCore
import TesseraPASETO

extension Contests {
    /// The payload sizes of the scaling series, in bytes.
    public static let payloadSizes = [100, 1024, 8 * 1024, 64 * 1024]
    /// The key ring sizes of the scaling series.
    public static let ringSizes = [1, 100, 10_000]

    /// How `v4.local` verify scales: with the payload size, with the key ring's size, a ring against a single key,
    /// and two concurrent tasks against one.
    ///
    /// - Returns: The contests, in table order.
    /// - Throws: When a key cannot be made or a contender's check fails.
    public static func scaling() throws -> [Contest] {
        guard CRawLimit_init() == 0 else { throw ContestError("libsodium did not initialise") }
        return try payloadSizes.map(payload) + ringSizes.map(ring) + [ringAgainstSingleKey(), concurrency()]
    }

    /// `v4.local` verify of `sub`, `exp` and a padding claim that brings the payload to `size` bytes.
    private static func payload(_ size: Int) throws -> Contest {
        let secret = Fixture.randomBytes(32)
        let key = try PASETO.V4.Local.SymmetricKey(rawRepresentation: secret)
        let issuer = PASETO.V4.Local.Issuer(key: key, defaults: Fixture.defaults)
        var settings = PASETO.VerificationSettings()
        settings.payloadLimits.maxBytes = max(settings.payloadLimits.maxBytes, 2 * size)
        let verifier = PASETO.V4.Local.Verifier(key: key, rules: ValidationRules(), settings: settings)
        let base = Claims(subject: "user-42", expiration: Fixture.claims().expiration, custom: ["pad": ""])
        var claims = base
        let baseSize = try verifier.verify(try issuer.issue(base)).payload.count
        claims.custom["pad"] = .string(String(repeating: "x", count: max(size - baseSize, 0)))
        let token = try issuer.issue(claims)
        let raw = RawLocal(secret: secret)
        guard try raw.decrypt(token) == verifier.verify(token).payload.count else {
            throw ContestError("raw v4.local read another payload")
        }
        return Contest(
            "v4.local verify, \(describe(bytes: size)) payload",
            tessera: Contender("Tessera", .sync { _ = try verifier.verify(token) }),
            baseline: Contender("raw", .sync { _ = try raw.decrypt(token) }),
            payloadBytes: size
        )
    }

    /// A ring of `count` keys and a token whose footer names one of them.
    private static func ringFixture(
        _ count: Int
    ) throws -> (ring: PASETO.V4.Local.Verifier, key: PASETO.V4.Local.SymmetricKey, secret: [UInt8], token: String) {
        let secret = Fixture.randomBytes(32)
        let key = try PASETO.V4.Local.SymmetricKey(rawRepresentation: secret)
        let others = try (1..<count).map { _ in try PASETO.V4.Local.SymmetricKey() }
        let ring = try PASETO.KeyRing(others + [key])
        let token = try PASETO.V4.Local.Issuer(key: key, footer: .keyID, defaults: Fixture.defaults)
            .issue(Fixture.claims())
        return (PASETO.V4.Local.Verifier(keys: ring, rules: Fixture.rules), key, secret, token)
    }

    /// `v4.local` verify through a ring of `count` keys (the footer's `kid` picks the key) against the raw limit of
    /// the same token.
    private static func ring(_ count: Int) throws -> Contest {
        let (verifier, _, secret, token) = try ringFixture(count)
        let footer = try Base64URL.decode(token.split(separator: ".")[3])
        let raw = RawLocal(secret: secret, footer: footer)
        _ = try verifier.verify(token)
        try raw.decrypt(token)
        return Contest(
            "v4.local verify, ring of \(grouped(count)) key\(count == 1 ? "" : "s")",
            tessera: Contender("Tessera", .sync { _ = try verifier.verify(token) }),
            baseline: Contender("raw", .sync { _ = try raw.decrypt(token) })
        )
    }

    /// A verifier with a 10,000-key ring against one with the single key, on the same token: the footer `kid`
    /// parse and look-up as a fraction of a verify.
    private static func ringAgainstSingleKey() throws -> Contest {
        let (ring, key, _, token) = try ringFixture(10_000)
        let single = PASETO.V4.Local.Verifier(key: key, rules: Fixture.rules)
        _ = try ring.verify(token)
        _ = try single.verify(token)
        return Contest(
            "v4.local verify, ring of 10,000 ÷ single key",
            tessera: Contender("Tessera ring", .sync { _ = try ring.verify(token) }),
            baseline: Contender("single key", .sync { _ = try single.verify(token) })
        )
    }

    /// Two tasks verifying at once against one: the ratio is the throughput speed-up.
    private static func concurrency() throws -> Contest {
        let key = try PASETO.V4.Local.SymmetricKey()
        let verifier = PASETO.V4.Local.Verifier(key: key, rules: Fixture.rules)
        let token = try PASETO.V4.Local.Issuer(key: key, defaults: Fixture.defaults).issue(Fixture.claims())
        _ = try verifier.verify(token)
        let operation = Operation.sync { _ = try verifier.verify(token) }
        return Contest(
            "v4.local verify, 2 tasks ÷ 1",
            tessera: Contender("2 tasks", parallelism: 2, operation),
            baseline: Contender("1 task", operation),
            baselineTarget: 1.8
        )
    }

    /// `10,000` for 10000.
    static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        return digits.enumerated().reduce(into: "") { text, item in
            if item.offset > 0, (digits.count - item.offset) % 3 == 0 { text.append(",") }
            text.append(item.element)
        }
    }

    /// `100 B`, `1 KiB`, `64 KiB`.
    static func describe(bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : "\(bytes / 1024) KiB"
    }
}
