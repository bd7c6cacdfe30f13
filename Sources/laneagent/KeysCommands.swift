import Agent
import ArgumentParser
import Foundation
import Journal
import Records

extension LaneAgentCommand.Keys {
    /// `laneagent keys init --config F`
    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the device key (state_dir/keys/device.key, mode 0600) and print its key id.",
            discussion: "Refuses (exit 2) and changes nothing if a key already exists.")

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let config = try options.load()
            let key = try DeviceKey.create(at: config.paths.deviceKey)
            print(key.keyID)
        }
    }

    /// `laneagent keys show --config F [--json]`
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the device id, key id and public key (register these with the central service).")

        @OptionGroup var options: ConfigOption
        @Flag(help: "Print one JSON object: {\"device\",\"site\",\"keyid\",\"publicKey\"}, the receiver's registry line.") var json = false

        func run() async throws {
            let config = try options.load()
            let key = try config.loadDeviceKey()
            let publicKey = Data(key.publicKeyBytes).base64EncodedString()
            if json {
                Console.json(["device": .string(config.agent.device), "site": .string(config.agent.site), "keyid": .string(key.keyID), "publicKey": .string(publicKey)])
            } else {
                print("device:     \(config.agent.device)")
                print("key id:     \(key.keyID)")
                print("public key: \(publicKey)")
                print("key file:   \(config.paths.deviceKey)")
            }
        }
    }
}
