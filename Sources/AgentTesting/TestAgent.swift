import Agent
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Records

/// A complete agent setup in a temporary directory: configuration file, state directory and
/// device key (mode 0600), as an installer would leave a board.
public final class TestAgent: Sendable {
    public let directory: TemporaryDirectory
    public let configPath: String
    public let config: AgentConfig
    public let key: DeviceKey

    /// Writes `agent.toml` (plus `extraConfig`) and installs `key` as the device key.
    public init(device: String = "HN1119-C03", site: String = "huu-nghi-1119", key: DeviceKey? = TestKeys.device,
                extraConfig: String = "") throws {
        directory = TemporaryDirectory("agent")
        configPath = directory.file("agent.toml")
        try """
        [agent]
        device = "\(device)"
        site = "\(site)"
        state_dir = "\(directory.path)/state"
        \(Self.adminOnAnyPort(extraConfig))
        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        config = try AgentConfig.load(path: configPath)
        if let key {
            // 0700, as the installer makes them (the journal tightens a wider state directory, with a warning).
            for folder in ["/state", "/state/keys"] {
                try FileManager.default.createDirectory(atPath: directory.path + folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            }
            try key.pemRepresentation.write(toFile: config.paths.deviceKey, atomically: false, encoding: .utf8)
            chmod(config.paths.deviceKey, 0o600)
            self.key = key
        } else {
            self.key = TestKeys.other
        }
    }

    /// `extraConfig` with `[http] admin_listen` on a port the kernel picks, unless it sets one:
    /// with the default 9108 only one test daemon could run at a time. The line goes right under
    /// an existing `[http]` or in a new `[http]` at the end, so earlier line numbers stay put.
    static func adminOnAnyPort(_ extraConfig: String) -> String {
        let line = "admin_listen = \"127.0.0.1:0\""
        guard !extraConfig.contains("admin_listen") else { return extraConfig }
        var lines = extraConfig.components(separatedBy: "\n")
        if let header = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[http]" }) {
            lines.insert(line, at: header + 1)
            return lines.joined(separator: "\n")
        }
        return extraConfig + "\n\n[http]\n" + line
    }

    /// Opens the journal with options suited to tests.
    public func openJournal(_ configure: (inout JournalOptions) -> Void = { _ in }) throws -> Journal {
        var options = config.journalOptions
        configure(&options)
        return try config.openJournal(options: options)
    }

    /// Every envelope line of the agent's journal, in seq order, as exported.
    public func journalLines() throws -> [[UInt8]] {
        let reader = try JournalReader.open(paths: config.paths)
        defer { reader.close() }
        var lines: [[UInt8]] = []
        try reader.forEachEnvelope { lines.append($0) }
        return lines
    }

    /// Every record of the agent's journal, in seq order.
    public func records() throws -> [Record] {
        let reader = try JournalReader.open(paths: config.paths)
        defer { reader.close() }
        var records: [Record] = []
        try reader.forEachEnvelope { line in
            records.append(try Record(parsing: try JSONParser.parse(try Envelope(parsing: line).payload)))
        }
        return records
    }
}
