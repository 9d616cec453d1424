// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "tessera",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TesseraCore", targets: ["TesseraCore"]),
        .library(name: "TesseraPASETO", targets: ["TesseraPASETO"]),
        .library(name: "TesseraJWS", targets: ["TesseraJWS"]),
        .library(name: "TesseraMigration", targets: ["TesseraMigration"]),
        .library(name: "TesseraSessions", targets: ["TesseraSessions"]),
        .library(name: "TesseraSessionsSQLite", targets: ["TesseraSessionsSQLite"]),
        .library(name: "TesseraSessionsPostgres", targets: ["TesseraSessionsPostgres"]),
        // No .executable product: library users then never resolve swift-argument-parser.
    ],
    // Each store's driver sits behind a trait and no trait is on by default: a package that uses only PASETO or JWS
    // resolves no database driver. `swift build --traits SQLite,PostgreSQL` (or a dependency's `traits:`) enables them.
    traits: [
        .trait(
            name: "SQLite",
            description: "The embedded SQLite session store (GRDB.swift, on the system's libsqlite3)."
        ),
        .trait(name: "PostgreSQL", description: "The PostgreSQL session store for many nodes (vapor/postgres-nio)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CTesseraSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        .systemLibrary(
            name: "CTesseraLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),
        .target(name: "TesseraCore", swiftSettings: swiftSettings),
        .target(
            name: "TesseraSodium",
            dependencies: ["TesseraCore", "CTesseraSodium"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TesseraPASETO",
            dependencies: ["TesseraCore", "TesseraSodium"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TesseraJWS",
            dependencies: ["TesseraCore", "TesseraSodium", "CTesseraLibCrypto"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TesseraMigration",
            dependencies: ["TesseraCore", "TesseraPASETO", "TesseraJWS"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TesseraSessions",
            dependencies: ["TesseraCore", "TesseraSodium"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TesseraSessionsSQLite",
            dependencies: [
                "TesseraCore",
                "TesseraSessions",
                .product(name: "GRDB", package: "GRDB.swift", condition: .when(traits: ["SQLite"])),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TesseraSessionsPostgres",
            dependencies: [
                "TesseraCore",
                "TesseraSessions",
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tessera",
            dependencies: [
                "TesseraCore",
                "TesseraPASETO",
                "TesseraJWS",
                "TesseraMigration",
                "TesseraSessions",
                "TesseraSessionsSQLite",
                "TesseraSessionsPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
            ],
            path: "Sources/TesseraCLI",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TesseraTestSupport",
            dependencies: ["TesseraCore"],
            path: "Tests/TesseraTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TesseraCoreTests",
            dependencies: ["TesseraCore", "TesseraTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TesseraPASETOTests",
            dependencies: ["TesseraCore", "TesseraPASETO", "TesseraTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TesseraJWSTests",
            dependencies: ["TesseraCore", "TesseraJWS", "TesseraTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TesseraMigrationTests",
            dependencies: ["TesseraCore", "TesseraPASETO", "TesseraJWS", "TesseraMigration", "TesseraTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TesseraPropertyTests",
            dependencies: [
                "TesseraCore",
                "TesseraPASETO",
                "TesseraJWS",
                "TesseraMigration",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        // Killed with SIGKILL mid-rotation by the sessions tests (not a product).
        .executableTarget(
            name: "tessera-sessions-crash-probe",
            dependencies: ["TesseraCore", "TesseraSessions", "TesseraSessionsSQLite"],
            path: "Tests/TesseraSessionsCrashProbe",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TesseraSessionsTests",
            dependencies: [
                "tessera-sessions-crash-probe",
                "TesseraCore",
                "TesseraPASETO",
                "TesseraJWS",
                "TesseraSessions",
                "TesseraSessionsSQLite",
                "TesseraSessionsPostgres",
                "TesseraTestSupport",
                .product(name: "GRDB", package: "GRDB.swift", condition: .when(traits: ["SQLite"])),
                .product(name: "PostgresNIO", package: "postgres-nio", condition: .when(traits: ["PostgreSQL"])),
                .product(name: "Logging", package: "swift-log", condition: .when(traits: ["PostgreSQL"])),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TesseraCLITests",
            dependencies: [
                "tessera", "TesseraCore", "TesseraPASETO", "TesseraJWS", "TesseraSessions", "TesseraSessionsSQLite",
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
