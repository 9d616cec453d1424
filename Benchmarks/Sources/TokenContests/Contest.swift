/// One operation measured for Tessera against a baseline (usually the raw C limit) and, where it has the algorithm,
/// vapor/jwt-kit, with the targets the ratios are judged by.
public struct Contest: Sendable {
    /// What is measured, e.g. `v4.local verify`.
    public let name: String
    /// Tessera's contender.
    public let tessera: Contender
    /// What Tessera is divided by: the raw limit, a single-key verifier, one task.
    public let baseline: Contender
    /// jwt-kit's contender, if it has the algorithm.
    public let jwtKit: Contender?
    /// The least `baseline time ÷ Tessera time` (Tessera's throughput as a fraction of the baseline's).
    public let baselineTarget: Double?
    /// The least `jwt-kit time ÷ Tessera time`.
    public let jwtKitTarget: Double?
    /// The most allocations per operation on Tessera's side (Tessera's minus the baseline's).
    public let allocationTarget: Int?
    /// The payload size, for the rows of the payload series (their cost per byte is reported).
    public let payloadBytes: Int?

    /// Creates a contest.
    ///
    /// - Parameters:
    ///   - name: What is measured.
    ///   - tessera: Tessera's contender.
    ///   - baseline: The baseline.
    ///   - jwtKit: jwt-kit's contender, if any.
    ///   - baselineTarget: The least baseline ÷ Tessera time.
    ///   - jwtKitTarget: The least jwt-kit ÷ Tessera time.
    ///   - allocationTarget: The most Tessera-side allocations per operation.
    ///   - payloadBytes: The payload size of a payload series row.
    public init(
        _ name: String,
        tessera: Contender,
        baseline: Contender,
        jwtKit: Contender? = nil,
        baselineTarget: Double? = nil,
        jwtKitTarget: Double? = nil,
        allocationTarget: Int? = nil,
        payloadBytes: Int? = nil
    ) {
        self.name = name
        self.tessera = tessera
        self.baseline = baseline
        self.jwtKit = jwtKit
        self.baselineTarget = baselineTarget
        self.jwtKitTarget = jwtKitTarget
        self.allocationTarget = allocationTarget
        self.payloadBytes = payloadBytes
    }

    /// The contenders in a fixed order: Tessera, the baseline, then jwt-kit.
    public var contenders: [Contender] { [tessera, baseline] + (jwtKit.map { [$0] } ?? []) }
}
