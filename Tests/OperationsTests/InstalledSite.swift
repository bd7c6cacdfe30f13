import Foundation
import LaneAgentTesting

/// A site configuration from deploy/sites/ as it would stand on an installed board, inside a
/// temporary root: the paths the package and the installer fill (/etc/laneagent/…,
/// /usr/share/laneagent/…) are rewritten under the root, which holds the packaged rule packs
/// from deploy/rules/ and placeholder TLS files where the installer puts the central team's.
final class InstalledSite: Sendable {
    /// The prefixes an installed board provides: the installer's files and the package's data.
    static let installedPrefixes = ["/etc/laneagent/", "/usr/share/laneagent/"]
    /// The files the installer copies from the central team, named in [uplink].
    static let installerFiles = ["ca.pem", "device.crt", "device-tls.key"]

    static let sites = ["huu-nghi-1119-cargo.toml", "bac-luan-ii-cargo.toml", "bac-luan-i-people.toml"]

    let root: TemporaryDirectory
    /// The rewritten configuration, inside the root.
    let configPath: String
    /// The committed file's text.
    let original: String

    init(_ name: String) throws {
        root = TemporaryDirectory("site")
        let source = RepositoryFolder.deploy.appendingPathComponent("sites/\(name)")
        original = try String(contentsOf: source, encoding: .utf8)
        let manager = FileManager.default
        let rules = root.path + "/usr/share/laneagent/rules"
        try manager.createDirectory(atPath: rules, withIntermediateDirectories: true)
        for pack in try manager.contentsOfDirectory(atPath: RepositoryFolder.deploy.appendingPathComponent("rules").path) where pack.hasSuffix(".toml") {
            try manager.copyItem(atPath: RepositoryFolder.deploy.appendingPathComponent("rules/\(pack)").path, toPath: "\(rules)/\(pack)")
        }
        let etc = root.path + "/etc/laneagent"
        try manager.createDirectory(atPath: etc, withIntermediateDirectories: true)
        for file in Self.installerFiles {
            try Data("-----BEGIN CERTIFICATE-----\nplaceholder for \(file)\n-----END CERTIFICATE-----\n".utf8).write(to: URL(fileURLWithPath: "\(etc)/\(file)"))
            // As the installer leaves them (docs/install.md): mode 0600; a TLS key others can read is refused.
            chmod("\(etc)/\(file)", 0o600)
        }
        var text = original
        for prefix in Self.installedPrefixes {
            text = text.replacingOccurrences(of: "\"\(prefix)", with: "\"\(root.path)\(prefix)")
        }
        configPath = etc + "/agent.toml"
        try Data(text.utf8).write(to: URL(fileURLWithPath: configPath))
    }
}
