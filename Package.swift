// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Each driver's folder keeps its README, sample configuration and fixtures beside the code;
/// they are documentation and test data, not sources. A driver folder is found, not listed: any
/// folder of `drivers/<Family>/` with a README.md is one, so adding a driver is its folder and its
/// line in the family's driver table (each family's `DriverCatalogueTests` checks the two agree).
enum DriverFolders {
    /// The driver folders of `family`, by name.
    static func of(_ family: String) -> [String] {
        let base = "\(Context.packageDirectory)/drivers/\(family)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: "\(base)/\($0)/README.md") }.sorted()
    }

    /// What `target(path: "drivers/<family>")` must leave out: each driver folder's documentation and test data.
    static func documentation(_ family: String) -> [String] {
        let base = "\(Context.packageDirectory)/drivers/\(family)"
        return of(family).flatMap { folder in
            ["README.md", "sample.toml", "Fixtures"].map { "\(folder)/\($0)" }.filter { FileManager.default.fileExists(atPath: "\(base)/\($0)") }
        }
    }
}

/// How the two executables link on Linux: with lld and packed relative relocations (DT_RELR;
/// glibc 2.36, as on bookworm, applies them). A static-stdlib PIE otherwise carries megabytes of
/// RELA relocations that the loader reads at every start and that then stay resident in the
/// idle daemon (deploy/bench-idle.sh measures it); gold, the default, cannot pack them.
enum ExecutableLinking {
    static let settings: [LinkerSetting] = [
        .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"], .when(platforms: [.linux])),
    ]
}

let package = Package(
    name: "LaneAgent",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "laneagent", targets: ["laneagent"]),
        .library(name: "LaneModel", targets: ["LaneModel"]),
        .library(name: "Records", targets: ["Records"]),
        .library(name: "Journal", targets: ["Journal"]),
        .library(name: "Agent", targets: ["Agent"]),
        .library(name: "BoardTools", targets: ["BoardTools"]),
        .library(name: "DeviceKit", targets: ["DeviceKit"]),
        .library(name: "Scales", targets: ["Scales"]),
        .executable(name: "clearance-receiver", targets: ["clearance-receiver"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Tests only: LibraryFitTests checks whether it could replace our multipart splitter.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        // Value types shared by every layer; Foundation only.
        .target(name: "LaneModel"),
        // How a crossing's identifiers are written and checked: vehicle plates (VN and CN forms,
        // matching), ISO 6346 container codes, ICAO 9303 machine-readable zones. Below both the
        // drivers that read them and the rules that compare them.
        .target(name: "CrossingCodes", dependencies: ["LaneModel"]),
        // TOML configuration files (agent config, rule packs): parser, line-numbered validation, errors.
        .target(name: "ConfigFile", dependencies: ["LaneModel"]),
        // adjtimex(2), which Swift's Glibc module leaves out: the kernel's clock-sync state.
        .systemLibrary(name: "CTimex", path: "Sources/CTimex"),
        // What a record is once signed: device keys, DSSE envelopes, the hash chain's verification,
        // withheld stand-ins. Below both the journal that stores records and the wire contract.
        .target(
            name: "Records",
            dependencies: ["LaneModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The durable SQLite journal: sealing, group commit, reading, salvage.
        .target(
            name: "Journal",
            dependencies: [
                "LaneModel",
                "Records",
                "CTimex",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Connection caps and request deadlines for the HTTP servers (gateway, receiver).
        .target(
            name: "ConnectionLimits",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the HTTP servers (gateway, admin, receiver) share above Hummingbird: 405 for methods a path does not take.
        .target(
            name: "HTTPServing",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        // zlib's gzip streams, for upload bodies.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // What the agent and the central service agree on: gzip bodies, replies, reference data.
        .target(
            name: "ClearanceProtocol",
            dependencies: [
                "LaneModel",
                "Records",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The agent's side of the uplink: batch upload and reference-data sync over HTTPS.
        .target(
            name: "Uplink",
            dependencies: [
                "LaneModel",
                "Journal",
                "Records",
                "ClearanceProtocol",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The reference central side: verifies and stores uploads, serves reference data.
        .target(
            name: "ClearanceReceiver",
            dependencies: [
                "LaneModel",
                "Journal",
                "Records",
                "ClearanceProtocol",
                "ConnectionLimits",
                "HTTPServing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The receivers' shared PostgreSQL store; only the receiver's executable links it.
        .target(
            name: "ClearancePostgres",
            dependencies: [
                "ClearanceReceiver",
                "ClearanceProtocol",
                "LaneModel",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "clearance-receiver",
            dependencies: [
                "ClearanceReceiver",
                "ClearancePostgres",
                "ClearanceProtocol",
                "Journal",
                "Records",
                "LaneModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: ExecutableLinking.settings
        ),
        // OpenSSL's libcrypto: 3DES, elliptic-curve point arithmetic and Brainpool curves, which
        // swift-crypto does not offer and electronic passports use.
        .systemLibrary(name: "CLibCrypto", path: "Sources/CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // Proving a travel document's chip genuine (ICAO 9303 part 11): EF.SOD's signed data-group
        // hashes, the document signer's chain to a trusted CSCA, Active Authentication signatures.
        .target(
            name: "DocumentSecurity",
            dependencies: [
                "LaneModel",
                "CLibCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ]
        ),
        // Reading an electronic passport's chip (ICAO 9303 parts 10 and 11): TLV, APDUs, BAC and
        // PACE, secure messaging, the data groups, and a simulated passport that answers APDUs.
        .target(
            name: "EPassport",
            dependencies: [
                "LaneModel",
                "CrossingCodes",
                "DocumentSecurity",
                "CLibCrypto",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // pcsc-lite's client library, for smart-card readers through pcscd.
        .systemLibrary(name: "CPCSC", path: "drivers/CPCSC", pkgConfig: "libpcsclite", providers: [.apt(["libpcsclite-dev"])]),
        // Contactless chip readers (PC/SC): passports and ID cards read, proven and turned into readings.
        .target(
            name: "ChipReaders",
            dependencies: ["DeviceKit", "LaneModel", "CrossingCodes", "EPassport", "DocumentSecurity", "CPCSC"],
            path: "drivers/ChipReaders",
            exclude: DriverFolders.documentation("ChipReaders")
        ),
        // The driver protocol, serial transport (termios), pseudo-terminals and device health.
        .target(name: "DeviceKit", dependencies: ["LaneModel", "CPTY"], path: "drivers/DeviceKit"),
        // /dev/ptmx ioctls, for pseudo-terminals that stand in for serial lines.
        .systemLibrary(name: "CPTY", path: "drivers/CPTY"),
        // Weighbridge indicators: one folder per protocol (decoder, simulated indicator, README,
        // sample configuration, recorded frames) and the simulator.
        .target(
            name: "Scales",
            dependencies: ["DeviceKit", "LaneModel"],
            path: "drivers/Scales",
            exclude: DriverFolders.documentation("Scales")
        ),
        // Plate cameras (Hikvision ISAPI ANPR, generic JSON).
        .target(name: "PlateReaders", dependencies: ["DeviceKit", "LaneModel", "CrossingCodes"], path: "drivers/PlateReaders",
                exclude: DriverFolders.documentation("PlateReaders")),
        // QR/barcode readers (serial, USB HID through evdev), MRZ readers, container-code pushes.
        .target(name: "CodeReaders", dependencies: ["DeviceKit", "LaneModel", "CrossingCodes"], path: "drivers/CodeReaders",
                exclude: DriverFolders.documentation("CodeReaders")),
        // X-ray / NII scan results: JSON push and a watched drop folder.
        .target(name: "ContainerScanners", dependencies: ["DeviceKit", "LaneModel"], path: "drivers/ContainerScanners",
                exclude: DriverFolders.documentation("ContainerScanners")),
        // Face and fingerprint terminals: Hikvision access-control events, ZKTeco push (iclock).
        .target(name: "Biometrics", dependencies: ["DeviceKit", "LaneModel"], path: "drivers/Biometrics",
                exclude: DriverFolders.documentation("Biometrics")),
        // libusb-1.0, for listing USB devices and which driver claims them.
        .systemLibrary(name: "CLibUSB", path: "drivers/CLibUSB", pkgConfig: "libusb-1.0",
                       providers: [.apt(["libusb-1.0-0-dev"])]),
        .target(name: "USB", dependencies: ["CLibUSB", "DeviceKit"], path: "drivers/USB"),
        // Rule packs (TOML) and the checks that turn a crossing's evidence into CLEAR, REFER or HOLD.
        .target(
            name: "Rules",
            dependencies: ["LaneModel", "ConfigFile", "CrossingCodes", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Lane state machines (cargo, people): pure values taking timed inputs, returning actions.
        .target(name: "Lanes", dependencies: ["LaneModel", "Rules"]),
        // libgpiod v1, for barriers, turnstiles, lights and presence loops.
        .systemLibrary(name: "CGPIOD", path: "drivers/CGPIOD", pkgConfig: "libgpiod", providers: [.apt(["libgpiod-dev"])]),
        // GPIO lanes I/O: the libgpiod chip, the simulated chip, debounced loops, interlocked outputs.
        .target(name: "LaneIO", dependencies: ["CGPIOD", "LaneModel"], path: "drivers/LaneIO", exclude: ["README.md"]),
        // Composition root: configuration and the daemon's services.
        .target(
            name: "Agent",
            dependencies: [
                "LaneModel",
                "CrossingCodes",
                "ConfigFile",
                "Journal",
                "Records",
                "Uplink",
                "ClearanceProtocol",
                "DeviceKit",
                "Scales",
                "PlateReaders",
                "CodeReaders",
                "ContainerScanners",
                "Biometrics",
                "ChipReaders",
                "EPassport",
                "DocumentSecurity",
                "Rules",
                "Lanes",
                "LaneIO",
                "ConnectionLimits",
                "HTTPServing",
                .product(name: "Crypto", package: "swift-crypto"),
                // PBKDF2, for officers' PIN hashes.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // What the CLI's tools run, outside the daemon: replay, self-test, udev rules, benches.
        .target(
            name: "BoardTools",
            dependencies: [
                "Agent",
                "LaneModel",
                "CrossingCodes",
                "ConfigFile",
                "Journal",
                "Records",
                "Uplink",
                "ClearanceProtocol",
                "DeviceKit",
                "Scales",
                "PlateReaders",
                "CodeReaders",
                "Rules",
                "Lanes",
                "LaneIO",
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
                "BoardTools",
                "ConfigFile",
                "DeviceKit",
                "Scales",
                "PlateReaders",
                "CodeReaders",
                "ContainerScanners",
                "Biometrics",
                "ChipReaders",
                "EPassport",
                "DocumentSecurity",
                "USB",
                "Rules",
                "Lanes",
                "LaneIO",
                "Uplink",
                "ClearanceReceiver",
                "ClearanceProtocol",
                "Journal",
                "Records",
                "LaneModel",
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            linkerSettings: ExecutableLinking.settings
        ),
        // Shared test support: temporary directories, fixed keys, running the CLI, byte chunking.
        // It links no daemon, so a pure module's tests stay small.
        .target(
            name: "LaneAgentTesting",
            dependencies: [
                "LaneModel",
                "DeviceKit",
                "Records",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // A whole agent set up in a temporary directory (configuration, state, key), for the
        // tests that need the daemon's configuration and journal.
        .target(name: "AgentTesting", dependencies: ["Agent", "Journal", "Records", "LaneModel", "LaneAgentTesting"]),
        // Reads every module's imports and fails on an arrow that points up; links nothing of ours.
        .testTarget(name: "ArchitectureTests"),
        // Could a well-kept library replace one of our hand-written parsers? Run on the drivers' bodies.
        .testTarget(name: "LibraryFitTests", dependencies: ["DeviceKit", "PlateReaders", "LaneAgentTesting", .product(name: "MultipartKit", package: "multipart-kit")]),
        .testTarget(name: "LaneModelTests", dependencies: ["LaneModel", "LaneAgentTesting"]),
        .testTarget(
            name: "JournalTests",
            dependencies: [
                "Journal", "Records", "LaneModel", "LaneAgentTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AgentTests",
            dependencies: [
                "Agent", "BoardTools", "ConfigFile", "Journal", "Records", "LaneModel", "LaneAgentTesting", "AgentTesting", "Uplink",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(
            name: "UplinkTests",
            dependencies: [
                "Uplink", "ClearanceReceiver", "ClearanceProtocol", "Agent", "Journal", "Records", "LaneModel", "LaneAgentTesting", "AgentTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Scripts"]
        ),
        .testTarget(
            name: "ScalesTests",
            dependencies: ["Scales", "DeviceKit", "Agent", "LaneModel", "LaneAgentTesting"]
        ),
        .testTarget(name: "CrossingCodesTests", dependencies: ["CrossingCodes", "LaneModel"]),
        .testTarget(
            name: "DocumentSecurityTests",
            dependencies: [
                "DocumentSecurity", "LaneModel", "LaneAgentTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "EPassportTests", dependencies: ["EPassport", "DocumentSecurity", "CLibCrypto", "CrossingCodes", "LaneModel", "LaneAgentTesting"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ChipReadersTests", dependencies: ["ChipReaders", "EPassport", "DocumentSecurity", "DeviceKit", "LaneModel", "LaneAgentTesting"],
                    exclude: ["Scripts"]),
        .testTarget(name: "PlateReadersTests", dependencies: ["PlateReaders", "DeviceKit", "LaneModel", "LaneAgentTesting"]),
        .testTarget(name: "CodeReadersTests", dependencies: ["CodeReaders", "DeviceKit", "LaneModel", "LaneAgentTesting"]),
        .testTarget(name: "ContainerScannersTests", dependencies: ["ContainerScanners", "DeviceKit", "LaneModel", "LaneAgentTesting"]),
        .testTarget(name: "BiometricsTests", dependencies: ["Biometrics", "DeviceKit", "LaneModel", "LaneAgentTesting"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "ConfigFile", "LaneModel", "LaneAgentTesting"]),
        .testTarget(name: "LanesTests", dependencies: ["Lanes", "Rules", "LaneModel", "LaneAgentTesting"]),
        .testTarget(name: "LaneIOTests", dependencies: ["LaneIO", "LaneModel", "LaneAgentTesting"]),
        .testTarget(name: "ReplayTests", dependencies: ["Agent", "BoardTools", "Lanes", "Rules", "LaneModel", "LaneAgentTesting"], resources: [.copy("Fixtures")]),
        .testTarget(name: "USBTests", dependencies: ["USB", "DeviceKit", "LaneAgentTesting"]),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Agent", "Journal", "LaneModel", "DeviceKit", "PlateReaders", "CodeReaders", "ContainerScanners", "Biometrics",
                "ClearanceReceiver", "LaneAgentTesting", "AgentTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Operating a board: systemd notify and watchdog, metrics, health and the status page,
        // self-test, udev rules and the site configurations.
        .testTarget(
            name: "OperationsTests",
            dependencies: [
                "Agent", "BoardTools", "Journal", "LaneModel", "LaneAgentTesting", "AgentTesting", "DeviceKit", "ClearanceReceiver", "ConfigFile", "ContainerScanners",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LaneAgentCLITests",
            dependencies: [
                "Agent", "Journal", "Records", "LaneModel", "LaneAgentTesting", "AgentTesting", "DeviceKit",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Scripts"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer harnesses: one for every scale driver (named at run time), one for the terminal and camera pushes, one for passport chips and one for the board's files. They have no main (libFuzzer brings it), so they
// exist only in fuzzing builds: `deploy/dev.sh fuzz`, or
// LANEAGENT_FUZZ=1 swift build --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library
if Context.environment["LANEAGENT_FUZZ"] != nil {
    package.targets.append(.target(name: "ScaleFuzzing", dependencies: ["Scales", "DeviceKit"], path: "Tests/Fuzz/ScaleFuzzing"))
    package.targets.append(.executableTarget(name: "ScaleFuzzer", dependencies: ["ScaleFuzzing", "Scales"], path: "Tests/Fuzz/ScaleFuzzer"))
    // The terminal and camera pushes whose vendor code tables the drivers decide.
    package.targets.append(.executableTarget(name: "TerminalEventFuzzer", dependencies: ["ScaleFuzzing", "Biometrics", "PlateReaders", "CodeReaders", "CrossingCodes", "DeviceKit", "LaneModel"],
                                             path: "Tests/Fuzz/TerminalEventFuzzer"))
    // What a passport chip answers and what proves it: TLV, EF.SOD, CSCA certificates, master lists.
    package.targets.append(.executableTarget(name: "ChipFuzzer", dependencies: ["ScaleFuzzing", "EPassport", "DocumentSecurity"],
                                             path: "Tests/Fuzz/ChipFuzzer"))
    // Configuration files, rule packs, reference data, export lines and times.
    package.targets.append(.executableTarget(name: "BoardFilesFuzzer", dependencies: ["ScaleFuzzing", "ConfigFile", "Rules", "LaneModel"],
                                             path: "Tests/Fuzz/BoardFilesFuzzer"))
}
