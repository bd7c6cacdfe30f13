import ArgumentParser
import Foundation
import LaneModel

/// Entry point: 0 ok, 1 a fault, 2 a usage error (the same codes as `laneagent`).
@main
enum ReceiverMain {
    static func main() async {
        do {
            var command = try ReceiverCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let error as any LaneAgentError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            exit(error.isUsageError ? 2 : 1)
        } catch {
            let code = ReceiverCommand.exitCode(for: error)
            let message = ReceiverCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// `clearance-receiver`: the reference central side of the uplink contract.
struct ReceiverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clearance-receiver",
        abstract: "The reference clearance service: verifies and stores lane uploads, serves reference data.",
        discussion: "Exit status: 0 ok, 1 a fault, 2 a usage error. The HTTP contract is deploy/openapi/clearance-v1.yaml.",
        subcommands: [Serve.self, Keys.self, Reference.self, Diag.self])

    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and show the central Ed25519 key that signs reference data.", subcommands: [KeysInit.self, KeysShow.self])
    }

    struct Reference: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign and publish reference data for a site.", subcommands: [Publish.self])
    }

    struct Diag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measurements for capacity planning.", subcommands: [VerifyRate.self])
    }

    static func printJSON(_ value: JSONValue) {
        print(String(decoding: CanonicalJSON.encode(value), as: UTF8.self))
    }
}
