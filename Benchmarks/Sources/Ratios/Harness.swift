import CAllocationCounter
import Dispatch
import TokenContests

/// Times every contender in interleaved rounds: each round runs each contender of each contest for one slice, so a
/// burst of load from elsewhere on the machine falls on all contenders of a contest alike.
struct Harness {
    /// Seconds each contender runs per round.
    let slice: Double
    /// How many rounds; the median round counts.
    let rounds: Int

    /// Measures every contender; the result has one row per contest, in contender order.
    func run(_ contests: [Contest]) async throws -> [[Measurement]] {
        var samples = contests.map { $0.contenders.map { _ in [Double]() } }
        for round in 0..<rounds {
            for (row, contest) in contests.enumerated() {
                let contenders = contest.contenders
                // Rotate who goes first, so no contender always runs on a cache warmed by another.
                for offset in 0..<contenders.count {
                    let column = (offset + round) % contenders.count
                    samples[row][column].append(try await time(contenders[column], seconds: slice))
                }
            }
            print("round \(round + 1)/\(rounds) done", to: &standardError)
        }
        var measurements: [[Measurement]] = []
        for (row, contest) in contests.enumerated() {
            var measured: [Measurement] = []
            for (column, contender) in contest.contenders.enumerated() {
                let median = samples[row][column].sorted()[samples[row][column].count / 2]
                let allocations = try await countAllocations(contender, microseconds: median)
                measured.append(
                    Measurement(microseconds: median, rounds: samples[row][column], allocations: allocations)
                )
            }
            measurements.append(measured)
        }
        return measurements
    }

    /// Microseconds per operation over one slice.
    private func time(_ contender: Contender, seconds: Double) async throws -> Double {
        let nanoseconds = UInt64(seconds * 1e9)
        switch contender.operation {
        case .sync(let operation) where contender.parallelism > 1:
            let start = DispatchTime.now().uptimeNanoseconds
            let count = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<contender.parallelism {
                    group.addTask { try Self.loop(nanoseconds: nanoseconds, operation).count }
                }
                return try await group.reduce(0, +)
            }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(count)
        case .sync(let operation):
            let (count, elapsed) = try Self.loop(nanoseconds: nanoseconds, operation)
            return Double(elapsed) / 1e3 / Double(count)
        case .async(let operation):
            let start = DispatchTime.now().uptimeNanoseconds
            let deadline = start + nanoseconds
            var count = 0
            var now = start
            repeat {
                for _ in 0..<Self.stride { try await operation() }
                count += Self.stride
                now = DispatchTime.now().uptimeNanoseconds
            } while now < deadline
            return Double(now - start) / 1e3 / Double(count)
        }
    }

    /// Operations between two reads of the clock.
    private static let stride = 4

    /// Runs `operation` until `nanoseconds` have passed; returns the count and the time taken.
    private static func loop(
        nanoseconds: UInt64,
        _ operation: () throws -> Void
    ) throws -> (count: Int, elapsed: UInt64) {
        let start = DispatchTime.now().uptimeNanoseconds
        let deadline = start + nanoseconds
        var count = 0
        var now = start
        repeat {
            for _ in 0..<stride { try operation() }
            count += stride
            now = DispatchTime.now().uptimeNanoseconds
        } while now < deadline
        return (count, now - start)
    }

    /// Allocations per operation over about 20 ms of operations (10 to 1,000), after a warm-up.
    private func countAllocations(_ contender: Contender, microseconds: Double) async throws -> Double? {
        guard contender.parallelism == 1 else { return nil }
        let count = min(max(Int(20_000 / max(microseconds, 1)), 10), 1000)
        switch contender.operation {
        case .sync(let operation):
            for _ in 0..<3 { try operation() }
            CAllocationCounter_start()
            for _ in 0..<count { try operation() }
            return Double(CAllocationCounter_stop()) / Double(count)
        case .async(let operation):
            for _ in 0..<3 { try await operation() }
            CAllocationCounter_start()
            for _ in 0..<count { try await operation() }
            return Double(CAllocationCounter_stop()) / Double(count)
        }
    }
}
