// swift-tools-version:6.1
import PackageDescription

// Peers measured and checked against Tessera in the same run. Library users of Tessera never resolve these:
// this package depends on the root by path.
let package = Package(
    name: "tessera-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "tessera", path: "..", traits: ["SQLite", "PostgreSQL"]),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        // The malloc interposer trait only: the default traits also pull in ordo-one/swift-runtime-interposer.
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The raw limit: each token operation straight on libsodium and OpenSSL 3 libcrypto, no JSON.
        .target(name: "CRawLimit", linkerSettings: [.linkedLibrary("sodium"), .linkedLibrary("crypto")]),
        // Counts mallocs for Ratios; never linked next to ordo-one/benchmark's own malloc interposer.
        .target(name: "CAllocationCounter"),
        // Every operation for Tessera, the raw limit and jwt-kit, shared by Ratios and the TokenBenchmarks suite.
        .target(
            name: "TokenContests",
            dependencies: [
                "CRawLimit",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraJWS", package: "tessera"),
                .product(name: "TesseraMigration", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // The one command: interleaved rounds, one table of ratios, Benchmarks/RESULTS.md.
        .executableTarget(
            name: "Ratios",
            dependencies: ["CAllocationCounter", "CRawLimit", "TokenContests"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // One contender of one row in a loop, for callgrind's instruction counts (Scripts/instructions.sh).
        .executableTarget(
            name: "Instructions",
            dependencies: ["TokenContests"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // `swift package benchmark`: throughput, p50/p99 wall clock, mallocs and peak resident memory per contender.
        .executableTarget(
            name: "TokenBenchmarks",
            dependencies: ["TokenContests", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/TokenBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Interop",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraJWS", package: "tessera"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "PeerVerdicts",
            dependencies: [
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraJWS", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "Differential",
            dependencies: [
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraJWS", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "Soak",
            dependencies: [
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraJWS", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "SessionsBench",
            dependencies: [
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
                .product(name: "TesseraSessions", package: "tessera"),
                .product(name: "TesseraSessionsSQLite", package: "tessera"),
                .product(name: "TesseraSessionsPostgres", package: "tessera"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
