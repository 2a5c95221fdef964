// swift-tools-version:6.2
// SSP, the Single Service Point of the Brussels Regional Public Service.
// Dependencies point one way: executables → SSPWeb → SSPAPI / SSPStorage → SSPCore (Foundation only).
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    // https://github.com/apple/swift-evolution/blob/main/proposals/0335-existential-any.md
    .enableUpcomingFeature("ExistentialAny"),
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "ssp",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ssp-server", targets: ["SSPServer"]),
        .executable(name: "ssp-admin", targets: ["SSPAdmin"]),
        // For the in-process benchmarks of Benchmarks/ (a package of its own, issue 12).
        .library(name: "SSPCore", targets: ["SSPCore"]),
        .library(name: "SSPStorage", targets: ["SSPStorage"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "CommandLineArguments", "YAML"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // SHA-256 of API tokens (only the hash is stored); also what hummingbird-auth builds on.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Portal: bcrypt password hashes (HummingbirdBcrypt) and HTML templates (issue 10).
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Already in the graph through Hummingbird; named for SocketAddress (the client's address).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Also in the graph through Hummingbird, which re-exports only some of its types (HTTPField.Name).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // /metrics in the Prometheus text format: swift-metrics' backend from the SSWG (issue 14).
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    ],
    targets: [
        .target(
            name: "SSPCore",
            swiftSettings: swiftSettings
        ),
        // The Snowball stemmers of the catalogue search (issue 11): Debian's libstemmer-dev, the
        // Snowball project's own C library, rather than stemming rules of our own.
        .systemLibrary(name: "CLibstemmer", providers: [.apt(["libstemmer-dev"])]),
        .target(
            name: "SSPSnowball",
            dependencies: ["SSPCore", "CLibstemmer"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SSPCatalog",
            dependencies: ["SSPCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SSPStorage",
            dependencies: [
                "SSPCore", "SSPSnowball",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SSPAPI",
            dependencies: [
                "SSPCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The document's declared operations and query parameters (DeclaredRoutes), already built for the catalogue.
                .product(name: "Yams", package: "Yams"),
                // SHA-256 of a request for its Idempotency-Key, already built for the tokens.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("openapi.yaml")],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "SSPWeb",
            dependencies: [
                "SSPCore", "SSPAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: [.copy("Resources/templates"), .copy("Resources/static")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SSPServer",
            dependencies: [
                "SSPCore", "SSPCatalog", "SSPStorage", "SSPAPI", "SSPWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                // The config file's keys, checked against the known ones before it is read.
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "SSPAdmin",
            dependencies: [
                "SSPCore", "SSPCatalog", "SSPStorage", "SSPSnowball",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SSPTestSupport",
            dependencies: ["SSPCore", "SSPCatalog", "SSPStorage"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SSPCoreTests",
            dependencies: ["SSPCore", "SSPTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SSPCatalogTests",
            dependencies: ["SSPCore", "SSPCatalog", "SSPSnowball", "SSPTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SSPStorageTests",
            dependencies: ["SSPCore", "SSPStorage", "SSPTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SSPAPITests",
            dependencies: [
                "SSPCore", "SSPAPI", "SSPStorage", "SSPTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SSPWebTests",
            dependencies: [
                "SSPCore", "SSPAPI", "SSPWeb", "SSPStorage", "SSPTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SSPAdminTests",
            dependencies: ["SSPCore", "SSPTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
