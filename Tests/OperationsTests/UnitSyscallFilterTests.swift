import AgentTesting
import ContainerScanners
import Foundation
import LaneAgentTesting
import Testing

/// The daemon run under the shipped unit's own system-call filter (`SystemCallFilter=` and
/// `SystemCallErrorNumber=`, installed by deploy/systemd/run-under-filter.py as systemd would):
/// it reads the kernel's clock state and works a scan folder. A filter that forbids adjtimex
/// once made every record say clock unsynced and every lane REFER.
@Suite("The daemon under the unit's system-call filter", .timeLimit(.minutes(2)),
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "systemd-analyze is not installed"))
struct UnitSyscallFilterTests {
    static let launcher = RepositoryFolder.deploy.appendingPathComponent("systemd/run-under-filter.py").path

    /// Runs the daemon with a scan folder under the filter of `unit`, drops one result, and
    /// returns the daemon's output and whether the result was processed.
    static func runDaemon(unit: String) async throws -> (output: String, processed: Bool) {
        let directory = TemporaryDirectory("filtered")
        let folder = directory.file("scans")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let agent = try TestAgent(extraConfig: """
            [[devices]]
            id = "xray-2"
            kind = "xray"
            driver = "scan-folder"
            folder = "\(folder)"
            poll_ms = 100
            """)
        let daemon = try ChildProcess("/usr/bin/python3", [launcher, unit, "--", CommandRunner.laneagentPath, "run", "--config", agent.configPath])
        guard await daemon.waitForOutput("agent started") else {
            daemon.signal(SIGKILL)
            return (daemon.stdout + daemon.stderr, false)
        }
        let result = ScanResultSimulator.body(scanId: "FILTERED-1", verdict: .clear, containers: ["CSQU3054383"], image: .file("FILTERED-1.jpg"))
        try ScanFolderWriter.write(result: result, named: "FILTERED-1.json", image: ScanResultSimulator.syntheticImage(size: 2048),
                                   imageName: "FILTERED-1.jpg", into: folder)
        let processed = await daemon.waitForOutput("kind=scan", seconds: 20)
        daemon.signal(SIGTERM)
        let status = await daemon.wait()
        #expect(status == 0, "\(daemon.stderr)")
        let done = FileManager.default.fileExists(atPath: folder + "/done/FILTERED-1.json")
        return (daemon.stdout + daemon.stderr, processed && done)
    }

    @Test("under the shipped filter the clock state is read from the kernel and a dropped scan result is recorded and moved to done/")
    func shippedFilter() async throws {
        let run = try await Self.runDaemon(unit: SystemdUnitTests.unit)
        #expect(run.output.contains("adjtimex state"), "\(run.output)")
        #expect(!run.output.contains("clock state unreadable"), "\(run.output)")
        #expect(run.processed, "\(run.output)")
    }

    @Test("the test can fail: without the unit's adjtimex line the daemon says it cannot read the clock")
    func withoutAdjtimex() async throws {
        let folder = TemporaryDirectory("unit")
        let text = try String(contentsOfFile: SystemdUnitTests.unit, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !($0.hasPrefix("SystemCallFilter=") && $0.contains("adjtimex")) }
        #expect(lines.count < text.split(separator: "\n", omittingEmptySubsequences: false).count, "the unit has no adjtimex line")
        let unit = folder.file("laneagent.service")
        try lines.joined(separator: "\n").write(toFile: unit, atomically: true, encoding: .utf8)
        let run = try await Self.runDaemon(unit: unit)
        #expect(run.output.contains("clock state unreadable"), "\(run.output)")
    }

    @Test("the drivers' sample scan folder lies in a path the unit may write")
    func scanFolderWritable() throws {
        let unit = try String(contentsOfFile: SystemdUnitTests.unit, encoding: .utf8)
        let writable = unit.split(separator: "\n").filter { $0.hasPrefix("ReadWritePaths=") }
            .flatMap { $0.dropFirst("ReadWritePaths=".count).split(separator: " ") }
            .map { String($0.hasPrefix("-") ? $0.dropFirst() : $0) }
        let sample = try String(contentsOf: RepositoryFolder.drivers.appendingPathComponent("ContainerScanners/ScanFolder/sample.toml"), encoding: .utf8)
        let line = try #require(sample.split(separator: "\n").first { $0.hasPrefix("folder") })
        let path = try #require(line.split(separator: "\"").dropFirst().first.map(String.init))
        #expect(writable.contains { path.hasPrefix($0 + "/") }, "\(path) is outside \(writable)")
    }
}
