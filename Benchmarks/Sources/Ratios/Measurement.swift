/// What one contender measured.
struct Measurement {
    /// The median over rounds of `numerator`'s time over `denominator`'s: each round's two contenders ran one after
    /// the other, so a burst of load from elsewhere cancels out of the ratio more than out of either median.
    static func ratio(_ numerator: Measurement, over denominator: Measurement) -> Double {
        let ratios = zip(numerator.rounds, denominator.rounds).map { $0 / $1 }.sorted()
        return ratios[ratios.count / 2]
    }

    /// The median over rounds of wall-clock microseconds per operation (over all tasks for a multi-task contender).
    let microseconds: Double
    /// Microseconds per operation in each round, in round order.
    let rounds: [Double]
    /// Heap allocations per operation, or `nil` for a multi-task contender.
    let allocations: Double?
}
