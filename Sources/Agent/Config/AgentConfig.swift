import ConfigFile
import Crypto
import Foundation
import Journal
import LaneModel
import Uplink

/// The agent's configuration: one TOML file per board (default `/etc/laneagent/agent.toml`).
public struct AgentConfig: Sendable, Equatable {
    /// Where the CLI looks when `--config` is not given.
    public static let defaultPath = "/etc/laneagent/agent.toml"

    /// `[agent]`: who this board is and where it keeps its state.
    public struct AgentSection: Sendable, Equatable {
        public var device: String
        public var site: String
        public var stateDirectory: String
    }

    /// `[journal]`: retention and the free-space threshold.
    public struct JournalSection: Sendable, Equatable {
        public var retentionDays = 90
        public var minFreeMB = 256
    }

    public var agent: AgentSection
    public var journal: JournalSection
    /// `[uplink]`, when this board uploads.
    public var uplink: UplinkSettings?
    /// `[reference]`: where reference data comes from.
    public var reference: ReferenceSettings
    /// `[[devices]]`: the lane devices wired to this board.
    public var devices: [DeviceSettings]
    /// `[http]`: the device gateway, when network devices are configured.
    public var http: GatewaySettings
    /// `[http] admin_listen`: the status page, metrics and health endpoints.
    public var admin: AdminSettings
    /// `[evidence]`: images and scanner files.
    public var evidence: EvidenceSettings
    /// `[[lanes]]`: the lanes this board decides for.
    public var lanes: [LaneSettings]
    /// The file this was read from.
    public var path: String
    /// Hex SHA-256 of the file's bytes, recorded in `agent.started`.
    public var sha256: String

    /// The sections this version understands; later features add theirs here.
    static let sections = ["agent", "journal", "uplink", "reference", "devices", "http", "evidence", "lanes"]

    /// Reads and validates the file at `path`.
    public static func load(path: String) throws(ConfigError) -> AgentConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read (permissions?)" : "does not exist"
            throw ConfigError(path: path, problems: [.init(kind: .unreadable, line: 0, message: "the configuration file \(reason)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, problems: [.init(kind: .syntax, line: 1, message: "the file is not UTF-8 text; TOML must be UTF-8")])
        }
        return try parse(text, path: path, sha256: Hex.encode(SHA256.hash(data: data)))
    }

    /// Parses and validates TOML text.
    public static func parse(_ text: String, path: String, sha256: String? = nil) throws(ConfigError) -> AgentConfig {
        let root: TOMLTable
        do { root = try TOMLParser.parse(text) } catch {
            throw ConfigError(path: path, problems: [.init(kind: .syntax, line: error.line, message: "TOML syntax error: \(error.message)")])
        }
        let validator = ConfigValidator()
        validator.rejectUnknownKeys(root, nil, known: sections)
        let identifier = "\(Identifier.allowedDescription)"
        let checkIdentifier = { (text: String) -> String? in
            Identifier.isValid(text) ? nil : (text.isEmpty || text.utf8.count > 64 ? "has \(text.utf8.count) characters" : "has a character outside A-Z a-z 0-9 . _ -")
        }
        var agent: AgentSection?
        if let table = validator.section(root, "agent", required: true, contents: "device, site, state_dir") {
            validator.rejectUnknownKeys(table, "agent", known: ["device", "site", "state_dir"])
            let device = validator.string(table, "agent", "device", required: true, expected: identifier, check: checkIdentifier)
            let site = validator.string(table, "agent", "site", required: true, expected: identifier, check: checkIdentifier)
            let state = validator.string(table, "agent", "state_dir", required: true, expected: "an absolute directory path") {
                $0.hasPrefix("/") ? nil : "is not an absolute path"
            }
            if let device, let site, let state {
                agent = AgentSection(device: device, site: site, stateDirectory: state.count > 1 && state.hasSuffix("/") ? String(state.dropLast()) : state)
            }
        }
        var journal = JournalSection()
        if let table = validator.section(root, "journal", required: false, contents: "") {
            validator.rejectUnknownKeys(table, "journal", known: ["retention_days", "min_free_mb"])
            if let days = validator.integer(table, "journal", "retention_days", range: 1...3650, unit: "days") {
                journal.retentionDays = Int(days)
            }
            if let megabytes = validator.integer(table, "journal", "min_free_mb", range: 0...1_000_000, unit: "MB") {
                journal.minFreeMB = Int(megabytes)
            }
        }
        let uplink = UplinkConfigSection.uplink(root, validator)
        let reference = UplinkConfigSection.reference(root, validator)
        let devices = DeviceConfigSection.devices(root, validator)
        let http = GatewayConfigSection.gateway(root, validator)
        let admin = AdminConfigSection.admin(root, validator)
        let evidence = GatewayConfigSection.evidence(root, validator)
        let lanes = LaneConfigSection.lanes(root, validator, devices: devices, configPath: path)
        if evidence.sealTo == nil, let personal = devices.first(where: { $0.kind == .faceTerminal || $0.kind == .fingerprintTerminal }) {
            validator.report(.missing, line: root["evidence"]?.line ?? 1,
                             "[evidence] seal_to is required: device '\(personal.id)' sends face images or fingerprint templates, which are stored only sealed to the central service's X25519 public key")
        }
        guard validator.problems.isEmpty, let agent else {
            throw ConfigError(path: path, problems: validator.problems.sorted { $0.line < $1.line })
        }
        return AgentConfig(agent: agent, journal: journal, uplink: uplink, reference: reference, devices: devices, http: http,
                           admin: admin, evidence: evidence, lanes: lanes, path: path,
                           sha256: sha256 ?? Hex.encode(SHA256.hash(data: Array(text.utf8))))
    }

    /// Where this board's journal and key live.
    public var paths: JournalPaths { JournalPaths(stateDirectory: agent.stateDirectory) }

    /// Journal behaviour from `[journal]`.
    public var journalOptions: JournalOptions {
        var options = JournalOptions()
        options.retentionDays = journal.retentionDays
        options.minFreeBytes = Int64(journal.minFreeMB) * 1_048_576
        return options
    }

    /// The one-line summary `config check` prints.
    public var summary: String {
        var text = """
            ok: device \(agent.device) at site \(agent.site), state in \(agent.stateDirectory), journal keeps acknowledged records \(journal.retentionDays) days, \
            fault below \(journal.minFreeMB) MB free
            """
        if let uplink {
            text += "; uploads to \(uplink.baseURLs.joined(separator: " or "))\(uplink.certFile != nil ? " with mutual TLS" : "")"
                + " in batches of up to \(uplink.batchMaxRecords) records"
        }
        if let file = reference.file { text += "; reference data from \(file)" }
        if !devices.isEmpty {
            text += "; devices: " + devices.map { "\($0.id) (\($0.driver), \($0.location))" }.joined(separator: ", ")
        }
        if let listen = admin.listen {
            text += "; status page and metrics on http://\(listen.text)/"
        }
        if !lanes.isEmpty {
            text += "; lanes: " + lanes.map { "\($0.id) (\($0.kind.rawValue), rules \($0.rulePack.name) \($0.rulePack.version), GPIO \($0.gpio.chip))" }.joined(separator: ", ")
        }
        return text
    }
}
