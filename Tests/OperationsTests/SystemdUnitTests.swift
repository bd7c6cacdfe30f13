import Foundation
import LaneAgentTesting
import Testing

/// The packaged unit, `deploy/systemd/laneagent.service`, as systemd reads it: it verifies, its
/// exposure is 5.0 or lower, and it keeps the settings the daemon relies on.
@Suite("systemd unit")
struct SystemdUnitTests {
    static let analyze = "/usr/bin/systemd-analyze"
    static let unit = RepositoryFolder.deploy.appendingPathComponent("systemd/laneagent.service").path

    /// The unit with its commands pointing at the built executable (verify checks they exist).
    static func installedCopy() throws -> (TemporaryDirectory, String) {
        let folder = TemporaryDirectory("unit")
        let text = try String(contentsOfFile: unit, encoding: .utf8).replacingOccurrences(of: "/usr/bin/laneagent", with: CommandRunner.laneagentPath)
        let path = folder.file("laneagent.service")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    @Test("systemd-analyze verify passes", .enabled(if: FileManager.default.isExecutableFile(atPath: analyze), "systemd-analyze is not installed"))
    func verifies() async throws {
        let (folder, path) = try Self.installedCopy()
        let output = try await CommandRunner.run(Self.analyze, ["verify", path])
        #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stderr.isEmpty, "verify warned: \(output.stderr)")
        _ = folder
    }

    @Test("systemd-analyze security rates the exposure 5.0 or lower", .enabled(if: FileManager.default.isExecutableFile(atPath: analyze), "systemd-analyze is not installed"))
    func exposure() async throws {
        let (folder, path) = try Self.installedCopy()
        let output = try await CommandRunner.run(Self.analyze, ["security", "--offline=yes", "--no-pager", path])
        let line = try #require(output.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(output.stdout)\n\(output.stderr)")
        let score = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }, "\(line)")
        #expect(score <= 5.0, "\(line)")
        print("systemd-analyze security: \(line)")
        _ = folder
    }

    /// The receiver's unit with its command pointing at the built receiver.
    static func receiverCopy() throws -> (TemporaryDirectory, String) {
        let folder = TemporaryDirectory("unit")
        let source = RepositoryFolder.deploy.appendingPathComponent("systemd/clearance-receiver.service").path
        let text = try String(contentsOfFile: source, encoding: .utf8).replacingOccurrences(of: "/usr/bin/clearance-receiver", with: CommandRunner.receiverPath)
        let path = folder.file("clearance-receiver.service")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (folder, path)
    }

    @Test("the receiver's unit verifies and rates an exposure of 5.0 or lower",
          .enabled(if: FileManager.default.isExecutableFile(atPath: analyze), "systemd-analyze is not installed"))
    func receiverUnit() async throws {
        let (folder, path) = try Self.receiverCopy()
        let verified = try await CommandRunner.run(Self.analyze, ["verify", path])
        #expect(verified.status == 0, "\(verified.stdout)\n\(verified.stderr)")
        #expect(!verified.stderr.contains("Unknown key"), "verify warned: \(verified.stderr)")
        let output = try await CommandRunner.run(Self.analyze, ["security", "--offline=yes", "--no-pager", path])
        let line = try #require(output.stdout.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(output.stdout)\n\(output.stderr)")
        let score = try #require(line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }, "\(line)")
        #expect(score <= 5.0, "\(line)")
        print("systemd-analyze security (clearance-receiver): \(line)")
        _ = folder
    }

    @Test("the unit is Type=notify with a watchdog, restarts always, and keeps the hardening the daemon was tested under")
    func settings() throws {
        let lines = Set(try String(contentsOfFile: Self.unit, encoding: .utf8).split(separator: "\n").map(String.init))
        for required in ["Type=notify", "NotifyAccess=main", "WatchdogSec=30", "Restart=always", "User=laneagent", "LimitNOFILE=4096", "MemoryMax=1G", "TasksMax=512",
                         "ProtectSystem=strict", "ReadWritePaths=/var/lib/laneagent -/srv/laneagent", "NoNewPrivileges=yes", "PrivateTmp=yes",
                         "ProtectHome=yes", "CapabilityBoundingSet=", "SystemCallFilter=@system-service", "DevicePolicy=closed",
                         "DeviceAllow=char-ttyUSB rw", "DeviceAllow=char-gpiochip rw", "DeviceAllow=char-usb_device rw",
                         "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK",
                         "ExecStart=/usr/bin/laneagent run --config /etc/laneagent/agent.toml",
                         "ExecStopPost=/usr/bin/laneagent lane safe-state --config /etc/laneagent/agent.toml"] {
            #expect(lines.contains(required), "missing \(required)")
        }
        // ProtectClock= forbids adjtimex(2), and without it every lane would REFER (clock unknown).
        #expect(!lines.contains { $0.hasPrefix("ProtectClock=") })
    }
}
