// Every contender of every contest as an ordo-one benchmark: throughput, wall clock (p50, p99 in the percentile
// columns), mallocs and peak resident memory, per operation.
//
//     swift package --package-path Benchmarks benchmark --target TokenBenchmarks
//
// One iteration is one operation, so the percentiles are per-operation latencies; mallocs include the framework's
// own per-iteration allocations (16 here), so read them against the raw contender of the same contest, whose
// libsodium paths allocate nothing. Set TESSERA_BENCH_SMOKE=1 for one iteration of each (CI's smoke run; timings
// are then meaningless).
// For ratios that hold on a noisy machine, use the Ratios executable instead: it interleaves the contenders.
import Benchmark
import Dispatch
import Foundation
import TokenContests

/// Holds the contests built by an asynchronous set-up until the synchronous registration reads them.
private final class ContestBox: @unchecked Sendable {
    var result: Result<[Contest], any Error> = .success([])
}

/// Builds every contest; jwt-kit's key collection is an actor, so the set-up is awaited on another thread.
private func loadContests() throws -> [Contest] {
    let box = ContestBox()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do {
            box.result = .success(try await Contests.formats() + Contests.scaling())
        } catch {
            box.result = .failure(error)
        }
        done.signal()
    }
    done.wait()
    return try box.result.get()
}

/// Operations per iteration of a multi-task contender, split evenly over its tasks.
private let batch = 1000

/// Registers one contender as a benchmark.
private func register(_ name: String, _ contender: Contender) {
    switch contender.operation {
    case .sync(let operation) where contender.parallelism > 1:
        let tasks = contender.parallelism
        Benchmark(name, configuration: .init(scalingFactor: .kilo)) { _ async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<tasks {
                    group.addTask { for _ in 0..<(batch / tasks) { try operation() } }
                }
                try await group.waitForAll()
            }
        }
    case .sync(let operation):
        Benchmark(name) { benchmark throws in
            for _ in benchmark.scaledIterations { try operation() }
        }
    case .async(let operation):
        Benchmark(name) { benchmark async throws in
            for _ in benchmark.scaledIterations { try await operation() }
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    let smoke = ProcessInfo.processInfo.environment["TESSERA_BENCH_SMOKE"] != nil
    Benchmark.defaultConfiguration = .init(
        metrics: [.throughput, .wallClock, .mallocCountTotal, .peakMemoryResident],
        warmupIterations: smoke ? 0 : 10,
        maxDuration: .seconds(smoke ? 1 : 2),
        maxIterations: smoke ? 1 : 1_000_000
    )
    let contests: [Contest]
    do {
        contests = try loadContests()
    } catch {
        fatalError("benchmark set-up failed: \(error)")
    }
    for contest in contests {
        for contender in contest.contenders {
            register("\(contest.name) | \(contender.label)", contender)
        }
    }
}
