// swift-tools-version: 6.1
// package-benchmark suites for LaneAgent's hot paths. A separate package so the product build
// and CI do not compile the benchmark harness; run with `deploy/dev.sh bench` (release only:
// swift-crypto is ~18x slower in debug).
import PackageDescription

// SwiftPM names a path dependency after its folder, which depends on where the repository was
// cloned; derive it rather than assume it.
let laneAgent = String(Context.packageDirectory.split(separator: "/").dropLast().last ?? "LaneAgent")

let package = Package(
    name: "LaneAgentBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "JournalBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Agent", package: laneAgent),
                .product(name: "BoardTools", package: laneAgent),
                .product(name: "Journal", package: laneAgent),
                .product(name: "Records", package: laneAgent),
                .product(name: "LaneModel", package: laneAgent),
            ],
            path: "Benchmarks/JournalBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "ScaleBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Scales", package: laneAgent),
                .product(name: "DeviceKit", package: laneAgent),
                .product(name: "LaneModel", package: laneAgent),
            ],
            path: "Benchmarks/ScaleBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
