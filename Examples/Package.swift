// swift-tools-version:6.1
import PackageDescription

// Runnable examples. They depend on the root package by path, so library users never resolve Hummingbird.
let package = Package(
    name: "tessera-examples",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "tessera", path: "..", traits: ["SQLite", "PostgreSQL"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    ],
    targets: [
        .executableTarget(
            name: "QuickStart",
            dependencies: [
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "KeyRotation",
            dependencies: [
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "MigrationGateway",
            dependencies: [
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
                .product(name: "TesseraJWS", package: "tessera"),
                .product(name: "TesseraMigration", package: "tessera"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "SessionsBFF",
            dependencies: [
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
                .product(name: "TesseraSessions", package: "tessera"),
                .product(name: "TesseraSessionsSQLite", package: "tessera"),
                .product(name: "TesseraSessionsPostgres", package: "tessera"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)
