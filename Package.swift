// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Earshot",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "earshot", targets: ["earshot"]),
        .library(name: "EarshotCore", targets: ["EarshotCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Header maps (T9) are YAML files.
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        // Tests only: an independent zip writer for the zip reader's fixtures.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // SHA-256 for cache keys, lexicon fingerprints and stored results (audited, BoringSSL's).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // C libraries, with project-prefixed names so they never clash with other packages' modules.
        .systemLibrary(
            name: "CEarshotZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CEarshotXML",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "EarshotCore",
            dependencies: [
                "CEarshotZlib", "CEarshotXML",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The synthetic corpus generator (`earshot sample`): nothing in the pipeline uses it.
        .target(
            name: "EarshotSample",
            dependencies: ["EarshotCore"]
        ),
        .executableTarget(
            name: "earshot",
            dependencies: [
                "EarshotCore", "EarshotSample",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Issue 18: what the fuzz targets run, shared by the fuzz driver and the unit tests
        // that replay saved findings (fuzz/README.md).
        .target(
            name: "EarshotFuzzTargets",
            dependencies: ["EarshotCore"]
        ),
        // The libFuzzer driver: built by `make fuzz` with --sanitize=fuzzer in .build-fuzz.
        .executableTarget(
            name: "earshot-fuzz",
            dependencies: ["EarshotFuzzTargets"]
        ),
        // Helpers shared by the test targets.
        .target(
            name: "EarshotTestSupport",
            dependencies: ["EarshotCore", .product(name: "Logging", package: "swift-log")],
            path: "Tests/EarshotTestSupport"
        ),
        .testTarget(
            name: "EarshotCoreTests",
            dependencies: [
                "EarshotCore", "EarshotSample", "EarshotTestSupport", "EarshotFuzzTargets",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "EarshotSampleTests",
            dependencies: [
                "EarshotCore", "EarshotSample", "EarshotTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["EarshotCore"],
            exclude: ["Fixtures"]
        ),
    ]
)
