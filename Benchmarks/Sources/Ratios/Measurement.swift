/// What one contender measured.
struct Measurement {
    /// `numerator`'s median time over `denominator`'s: the quotient of the two µs columns the table prints, so every
    /// ratio can be checked from the numbers beside it.
    static func ratio(_ numerator: Measurement, over denominator: Measurement) -> Double {
        numerator.microseconds / denominator.microseconds
    }

    /// The median over rounds of each round's own ratio (the contenders of a round ran one after the other). On a
    /// quiet machine it agrees with ``ratio(_:over:)``; where the two differ by more than ``noiseTolerance`` the
    /// rounds disagree with each other, and the report names the row as noisy instead of printing a ratio that the
    /// µs columns beside it contradict.
    static func pairedRatio(_ numerator: Measurement, over denominator: Measurement) -> Double {
        let ratios = zip(numerator.rounds, denominator.rounds).map { $0 / $1 }.sorted()
        return ratios[ratios.count / 2]
    }

    /// How far (as a fraction) the paired ratio may stray from the quotient of medians before a row is called noisy.
    static let noiseTolerance = 0.10

    /// The median over rounds of wall-clock microseconds per operation (over all tasks for a multi-task contender).
    let microseconds: Double
    /// Microseconds per operation in each round, in round order.
    let rounds: [Double]
    /// Heap allocations per operation, or `nil` for a multi-task contender.
    let allocations: Double?
}
