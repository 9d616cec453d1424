import Foundation

/// Throughput of one operation over several timed rounds.
struct Throughput: Encodable {
    /// Median operations per second over the rounds.
    let opsPerSecond: Double
    /// The slowest round.
    let minimum: Double
    /// The fastest round.
    let maximum: Double
    /// How many rounds were timed.
    let rounds: Int

    /// Times `operation` in `rounds` rounds of `slice` seconds each, after a short warm-up.
    static func measure(rounds: Int, slice: Double, _ operation: () throws -> Void) rethrows -> Throughput {
        for _ in 0..<3 { try operation() }
        var rates: [Double] = []
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            let deadline = start + UInt64(slice * 1e9)
            var count = 0
            var now = start
            repeat {
                try operation()
                count += 1
                now = DispatchTime.now().uptimeNanoseconds
            } while now < deadline
            rates.append(Double(count) / (Double(now - start) / 1e9))
        }
        rates.sort()
        return Throughput(
            opsPerSecond: rates[rates.count / 2],
            minimum: rates[0],
            maximum: rates[rates.count - 1],
            rounds: rounds
        )
    }
}
