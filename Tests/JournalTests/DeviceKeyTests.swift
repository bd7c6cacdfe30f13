import Foundation
import Journal
import LaneAgentTesting
import Records
import Testing

@Suite("The device key file")
struct DeviceKeyTests {
    @Test("a new key is mode 0600 in a 0700 directory, and a second create changes nothing")
    func create() throws {
        let directory = TemporaryDirectory("keys")
        let path = directory.file("state/keys/device.key")
        let key = try DeviceKey.create(at: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let dirAttributes = try FileManager.default.attributesOfItem(atPath: directory.file("state/keys"))
        #expect((dirAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { _ = try DeviceKey.create(at: path) } throws: { ($0 as? KeyError)?.code == "LA-KEY-001" }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try DeviceKey.load(from: path).keyID == key.keyID)
    }

    @Test("a key readable by group or others is refused", arguments: [0o640, 0o604, 0o644])
    func permissions(mode: Int) throws {
        let directory = TemporaryDirectory("keys")
        let path = directory.file("device.key")
        try TestKeys.device.pemRepresentation.write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, mode_t(mode))
        #expect { _ = try DeviceKey.load(from: path) } throws: { error in
            (error as? KeyError)?.code == "LA-KEY-003" && "\(error)".contains("chmod 600")
        }
    }

    @Test("a file that is not an Ed25519 PEM key is refused with what it is not")
    func garbage() throws {
        let directory = TemporaryDirectory("keys")
        let path = directory.file("device.key")
        try "not a key\n".write(toFile: path, atomically: false, encoding: .utf8)
        chmod(path, 0o600)
        #expect { _ = try DeviceKey.load(from: path) } throws: { "\($0)".contains("not a PEM PKCS#8 Ed25519 private key") }
    }
}
