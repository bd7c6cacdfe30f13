import Agent
import ArgumentParser
import Foundation
import Journal
import LaneModel
import Records

extension LaneAgentCommand {
    /// `laneagent officer …`
    struct OfficerGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "officer", abstract: "Enrol officers for the site's reference data.", subcommands: [OfficerEnrol.self])
    }

    /// `laneagent officer enrol --id ID [--pin-stdin] [--iterations N] [--key-out FILE]`
    struct OfficerEnrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "enrol",
            abstract: "Make an officer's entry for the reference data's \"officers\" list from a PIN (and optionally a key).",
            discussion: """
                Asks for the PIN twice on the terminal, without echo (--pin-stdin reads it once from standard input), and \
                prints one JSON line {"id","salt","iterations","pinHash","publicKey"?}: add it to the "officers" array of the \
                reference body and publish it (clearance-receiver reference publish). The PIN hash is PBKDF2-HMAC-SHA256 with a \
                random 16-byte salt; the PIN itself is never printed or stored. --key-out also makes an Ed25519 key for the officer \
                to hold (a PEM file, mode 0600), which `laneagent lane override --officer-key FILE` signs with. \
                Needs no configuration: run it wherever the reference data is prepared.
                """)

        @Option(help: "The officer's id (badge number), as `lane override --officer` gives it.") var id: String
        @Flag(help: "Read the PIN from one line of standard input instead of the terminal.") var pinStdin = false
        @Option(help: "PBKDF2 rounds (\(Officer.Bounds.iterations.lowerBound)-\(Officer.Bounds.iterations.upperBound)); each attempt costs the board this many.")
        var iterations = Officer.Bounds.defaultIterations
        @Option(help: "Also create an Ed25519 key for the officer at this path (it must not exist) and list its public key.")
        var keyOut: String?

        func validate() throws {
            guard Identifier.isValid(id) else { throw ValidationError("--id \"\(id)\" must be \(Identifier.allowedDescription)") }
            guard Officer.Bounds.iterations.contains(iterations) else {
                throw ValidationError("--iterations must be from \(Officer.Bounds.iterations.lowerBound) to \(Officer.Bounds.iterations.upperBound)")
            }
        }

        func run() async throws {
            let pin: String
            if pinStdin {
                pin = try PINInput.standardInput()
            } else {
                pin = try PINInput.terminal("PIN for officer \(id): ")
                if let problem = PINHash.problem(with: pin) { throw OfficerInputError.unusablePIN(problem) }
                guard try PINInput.terminal("Again: ") == pin else { throw OfficerInputError.mismatch }
            }
            if let problem = PINHash.problem(with: pin) { throw OfficerInputError.unusablePIN(problem) }
            var key: DeviceKey?
            if let keyOut {
                do { key = try DeviceKey.create(at: keyOut) } catch { throw OfficerInputError.key(keyOut, error) }
            }
            let officer = PINHash.enrol(id: id, pin: pin, iterations: iterations, publicKey: key?.publicKeyBytes)
            Console.json(officer.jsonValue)
        }
    }
}
