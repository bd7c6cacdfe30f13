import ArgumentParser
import Foundation
import Journal
import Records

extension ReceiverCommand {
    /// `clearance-receiver keys init --out FILE`
    struct KeysInit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init", abstract: "Create the central signing key (PKCS#8 PEM, mode 0600); refuses to overwrite.")

        @Option(help: "Where to write the key.") var out: String
        @Flag(help: "Print {\"keyid\",\"publicKey\"} as JSON.") var json = false

        func run() async throws {
            let key = try DeviceKey.create(at: out)
            show(key, path: out, json: json)
        }
    }

    /// `clearance-receiver keys show --key FILE`
    struct KeysShow: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show the central key's id and public key (the agents' [uplink] central_key).")

        @Option(help: "The central key file.") var key: String
        @Flag(help: "Print {\"keyid\",\"publicKey\"} as JSON.") var json = false

        func run() async throws {
            show(try DeviceKey.load(from: key), path: key, json: json)
        }
    }

    static func show(_ key: DeviceKey, path: String, json: Bool) {
        let publicKey = Data(key.publicKeyBytes).base64EncodedString()
        if json {
            printJSON(["keyid": .string(key.keyID), "publicKey": .string(publicKey)])
        } else {
            print("key file:    \(path)")
            print("key id:      \(key.keyID)")
            print("public key:  \(publicKey)")
            print("agents pin it with [uplink] central_key = \"\(publicKey)\"")
        }
    }
}
