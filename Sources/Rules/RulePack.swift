import ConfigFile
import Crypto
import Foundation
import LaneModel

/// A versioned rule pack (TOML): thresholds, the evidence each lane kind needs, and what a
/// failed rule makes of the decision. Its SHA-256 is recorded in every decision.
public struct RulePack: Sendable, Hashable {
    public var name: String
    public var version: String
    /// Lower-case hex SHA-256 of the file's bytes.
    public var sha256: String
    public var thresholds: RuleThresholds
    /// `[require]`: the evidence a crossing of each kind needs before it is evaluated.
    public var required: [LaneKind: Set<EvidenceKind>]
    /// `[outcomes]`: the decision a failed (or missing) rule leads to; unlisted rules lead to REFER.
    public var outcomes: [RuleID: Decision]

    public init(name: String, version: String, sha256: String, thresholds: RuleThresholds,
                required: [LaneKind: Set<EvidenceKind>], outcomes: [RuleID: Decision]) {
        self.name = name
        self.version = version
        self.sha256 = sha256
        self.thresholds = thresholds
        self.required = required
        self.outcomes = outcomes
    }

    /// Reads and validates the pack at `path`; errors name the line.
    public static func load(path: String) throws(ConfigError) -> RulePack {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read (permissions?)" : "does not exist"
            throw ConfigError(path: path, problems: [.init(kind: .unreadable, line: 0, message: "the rule pack \(reason)")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, problems: [.init(kind: .syntax, line: 1, message: "the rule pack is not UTF-8 text; TOML must be UTF-8")])
        }
        return try parse(text, path: path, sha256: Hex.encode(SHA256.hash(data: data)))
    }

    /// Parses and validates rule pack TOML; every problem is reported with its line. `sha256`
    /// is the file's hash (`load` passes it); when nil it is computed from the text's UTF-8 bytes.
    public static func parse(_ text: String, path: String, sha256: String? = nil) throws(ConfigError) -> RulePack {
        let root: TOMLTable
        do { root = try TOMLParser.parse(text) } catch {
            throw ConfigError(path: path, problems: [.init(kind: .syntax, line: error.line, message: "TOML syntax error: \(error.message)")])
        }
        let validator = ConfigValidator()
        let pack = RulePackReader(validator: validator).read(root, sha256: sha256 ?? Hex.encode(SHA256.hash(data: Array(text.utf8))))
        guard validator.problems.isEmpty, let pack else {
            throw ConfigError(path: path, problems: validator.problems.sorted { $0.line < $1.line })
        }
        return pack
    }

    /// `[require]` for `kind`, with fingerprint added on people lanes when the pack requires it.
    public func requiredEvidence(for kind: LaneKind) -> Set<EvidenceKind> {
        var evidence = required[kind] ?? []
        if kind == .people, thresholds.fingerprintRequired { evidence.insert(.fingerprint) }
        return evidence
    }

    /// The decision a failed or missing `rule` leads to.
    public func outcome(for rule: RuleID) -> Decision { outcomes[rule] ?? .refer }

    /// `{"name","version","sha256"}`, as recorded in decisions.
    public var summary: JSONValue { ["name": .string(name), "version": .string(version), "sha256": .string(sha256)] }
}
