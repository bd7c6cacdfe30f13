import ArgumentParser
import Foundation
import LaneModel

/// Entry point: runs the command and maps failures to LaneAgent's exit codes
/// (0 ok, 1 fault found, 2 usage or configuration error).
@main
enum LaneAgentMain {
    static func main() async {
        do {
            var command = try LaneAgentCommand.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let error as any LaneAgentError {
            Console.error(error.description)
            exit(error.isUsageError ? 2 : 1)
        } catch let failure as CommandFailure {
            if !failure.message.isEmpty { Console.error(failure.message) }
            exit(failure.status)
        } catch {
            let code = LaneAgentCommand.exitCode(for: error)
            let message = LaneAgentCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                exit(0)
            }
            if !message.isEmpty { Console.error(message) }
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// A command's own verdict: a fault it found (1) or a usage problem (2), with the message.
struct CommandFailure: Error {
    let status: Int32
    let message: String

    static func fault(_ message: String) -> CommandFailure { CommandFailure(status: 1, message: message) }
    static func usage(_ message: String) -> CommandFailure { CommandFailure(status: 2, message: message) }
}
