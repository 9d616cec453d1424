// swift-tools-version:6.1
import PackageDescription

/// The libFuzzer targets, each built into its own binary by `.ci/fuzz` (see FUZZING.md).
///
/// `TesseraFuzz` holds every harness and its property checks; each `FuzzEntry…` target is one file that exports
/// `LLVMFuzzerTestOneInput` for one harness, so linking `TesseraFuzz` with one entry gives one fuzzer binary.
let targets = [
    "PASETOLocal", "PASETOPublic", "PASETOKeyring", "PASERK", "JWS", "JWK", "PEM", "JSONClaims", "Base64URL",
    "Migration",
]

let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "TesseraFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "tessera", path: "..")],
    targets: [
        .target(
            name: "TesseraFuzz",
            dependencies: [
                .product(name: "TesseraCore", package: "tessera"),
                .product(name: "TesseraPASETO", package: "tessera"),
                .product(name: "TesseraJWS", package: "tessera"),
                .product(name: "TesseraMigration", package: "tessera"),
            ],
            swiftSettings: swiftSettings
        )
    ]
        + targets.map { name in
            .target(
                name: "FuzzEntry\(name)",
                dependencies: ["TesseraFuzz"],
                swiftSettings: swiftSettings
            )
        }
)
