import Crypto
import Foundation
import Journal
import LaneModel
import Records

/// The devices allowed to upload and the key each signs with, from an NDJSON file of
/// `laneagent keys show --json` lines.
public struct DeviceRegistry: Sendable {
    public struct Entry: Sendable {
        public let device: String
        public let keyID: String
        public let keys: VerificationKeys
        /// The site the device is at (`site`, as `laneagent keys show --json` prints it): the
        /// only site's reference data its certificate may fetch. nil in older lines: any site.
        public var site: String? = nil
    }

    private let entries: [String: Entry]

    public var count: Int { entries.count }

    public func entry(for device: String) -> Entry? { entries[device] }

    /// Reads the registry; every problem names the file and line.
    public static func load(path: String) throws(ReceiverError) -> DeviceRegistry {
        guard let data = FileManager.default.contents(atPath: path) else { throw .registry(path, line: nil, "cannot be read") }
        var entries: [String: Entry] = [:]
        // Which device and line each key id is registered on: one key for two devices would let
        // either board sign records the receiver files under the other's name.
        var keyOwners: [String: (device: String, line: Int)] = [:]
        for (index, line) in Array(data).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            let number = index + 1
            guard let json = try? JSONParser.parse(Array(text.utf8)), case .object = json else {
                throw .registry(path, line: number, "not a JSON object")
            }
            guard case .string(let device)? = json["device"], Identifier.isValid(device) else {
                throw .registry(path, line: number, "\"device\" must be \(Identifier.allowedDescription)")
            }
            guard case .string(let publicKey)? = json["publicKey"] else { throw .registry(path, line: number, "\"publicKey\" is missing") }
            let keys: VerificationKeys
            do { keys = try VerificationKeys(base64: publicKey) } catch { throw .registry(path, line: number, error.message) }
            let keyID = keys.keyIDs[0]
            if case .string(let stated)? = json["keyid"], stated != keyID {
                throw .registry(path, line: number, "\"keyid\" \(stated) is not the SHA-256 of publicKey (\(keyID))")
            }
            guard entries[device] == nil else { throw .registry(path, line: number, "device \(device) is listed twice") }
            if let owner = keyOwners[keyID] {
                throw .registry(path, line: number, "device \(device) has the public key of device \(owner.device) (line \(owner.line), key id \(keyID)); "
                                + "each device must have its own key (`laneagent keys init` on each board)")
            }
            keyOwners[keyID] = (device, number)
            var entry = Entry(device: device, keyID: keyID, keys: keys)
            if let site = json["site"] {
                guard case .string(let name) = site, Identifier.isValid(name) else { throw .registry(path, line: number, "\"site\" is not a site identifier") }
                entry.site = name
            }
            entries[device] = entry
        }
        return DeviceRegistry(entries: entries)
    }
}
