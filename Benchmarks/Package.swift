// swift-tools-version:6.1
// In-process benchmarks of SSP (issue 12), beside the main package so that its build stays lean:
// `swift package --package-path Benchmarks benchmark` (ordo-one/package-benchmark). The data-set
// benchmarks read a demo database named by SSP_BENCH_DB (`ssp-admin demo seed --tickets 1000000`).
import PackageDescription

let package = Package(
    name: "SSPBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "ssp", path: ".."),
        // Only MallocInterposer: the default RuntimeInterposer trait needs swift-runtime-interposer,
        // which is not among the machine's packages.
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "SSPBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "SSPCore", package: "ssp"),
                .product(name: "SSPStorage", package: "ssp"),
            ],
            path: "Benchmarks/SSPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        )
    ]
)
