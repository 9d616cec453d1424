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
    ],
    targets: [
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
