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
        // No .executable product: library users then never resolve swift-argument-parser.
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
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
        .executableTarget(
            name: "tessera",
            dependencies: [
                "TesseraCore",
                "TesseraPASETO",
                "TesseraJWS",
                "TesseraMigration",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
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
        .testTarget(
            name: "TesseraCLITests",
            dependencies: ["tessera", "TesseraCore", "TesseraPASETO", "TesseraJWS"],
            swiftSettings: swiftSettings
        ),
    ]
)
