import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Records

/// A board's state directory with its device key (mode 0600, folders 0700) in a temporary
/// directory, as an installer leaves it: what the journal needs, without the daemon's
/// configuration, so these tests link no daemon.
final class TestBoard: Sendable {
    let directory: TemporaryDirectory
    let paths: JournalPaths
    let device = "HN1119-C03"
    let site = "huu-nghi-1119"

    init(key: DeviceKey = TestKeys.device) throws {
        directory = TemporaryDirectory("board")
        paths = JournalPaths(stateDirectory: directory.path + "/state")
        for folder in [paths.stateDirectory, paths.stateDirectory + "/keys"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        try key.pemRepresentation.write(toFile: paths.deviceKey, atomically: false, encoding: .utf8)
        chmod(paths.deviceKey, 0o600)
    }

    /// Opens the journal for writing with the defaults `JournalOptions` gives, adjusted by `configure`.
    func openJournal(_ configure: (inout JournalOptions) -> Void = { _ in }) throws -> Journal {
        var options = JournalOptions()
        configure(&options)
        let key: DeviceKey
        do { key = try DeviceKey.load(from: paths.deviceKey) } catch { throw JournalError(error) }
        return try Journal.open(paths: paths, device: device, site: site, key: key, options: options)
    }
}
