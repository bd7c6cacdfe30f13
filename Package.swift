// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "LaneAgent",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "laneagent", targets: ["laneagent"]),
        .library(name: "LaneModel", targets: ["LaneModel"]),
        .library(name: "Journal", targets: ["Journal"]),
        .library(name: "Agent", targets: ["Agent"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Value types shared by every layer; Foundation only.
        .target(name: "LaneModel"),
        // adjtimex(2), which Swift's Glibc module leaves out: the kernel's clock-sync state.
        .systemLibrary(name: "CTimex", path: "Sources/CTimex"),
        // Device identity, DSSE envelopes, the hash chain and the durable SQLite journal.
        .target(
            name: "Journal",
            dependencies: [
                "LaneModel",
                "CTimex",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Composition root: configuration and the daemon's services.
        .target(
            name: "Agent",
            dependencies: [
                "LaneModel",
                "Journal",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "laneagent",
            dependencies: [
                "Agent",
                "Journal",
                "LaneModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // Shared test support: temporary state directories, fixed keys, running the CLI.
        .target(
            name: "LaneAgentTesting",
            dependencies: [
                "LaneModel",
                "Journal",
                "Agent",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(name: "LaneModelTests", dependencies: ["LaneModel", "LaneAgentTesting"]),
        .testTarget(
            name: "JournalTests",
            dependencies: [
                "Journal", "LaneModel", "LaneAgentTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "Journal", "LaneModel", "LaneAgentTesting"]),
        .testTarget(
            name: "LaneAgentCLITests",
            dependencies: [
                "Agent", "Journal", "LaneModel", "LaneAgentTesting",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Scripts"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
