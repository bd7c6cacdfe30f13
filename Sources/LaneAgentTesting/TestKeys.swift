import Foundation
import Records

/// Fixed keys, so tests and vectors are reproducible.
public enum TestKeys {
    /// The key from seed 0x00, 0x01, … 0x1f (used by the fixed record vector).
    public static let device = try! DeviceKey(seed: Array(0..<32))
    /// A different key, for "signed by someone else".
    public static let other = try! DeviceKey(seed: Array(repeating: 0x42, count: 32))
    /// Central's key: signs receipts (and reference data where a test publishes it).
    public static let central = try! DeviceKey(seed: Array(repeating: 0x43, count: 32))

    /// `central`'s public key as `[uplink] central_key` and `--central-key` take it.
    public static var centralPublicKey: String { Data(central.publicKeyBytes).base64EncodedString() }

    /// Writes `key` as a PEM file only its owner reads (a receiver's `--receipt-key`), returning `path`.
    @discardableResult
    public static func write(_ key: DeviceKey, to path: String) throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: Data(key.pemRepresentation.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return path
    }
}
