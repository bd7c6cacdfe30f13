import Agent
import ArgumentParser
import Journal
import LaneModel
import Records

extension LaneAgentCommand {
    /// `laneagent lane override --config F --lane L --crossing ID --decision CLEAR|HOLD --officer ID --reason TEXT [--pin-stdin | --officer-key FILE]`
    struct LaneOverride: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "override",
            abstract: "Replace a lane's REFER or HOLD (or a CLEAR still passing) with an officer's CLEAR or HOLD.",
            discussion: """
                Sent to the running daemon (its control socket in the state directory), which is the journal's only writer: \
                it commits a signed crossing.override record naming the officer and reason, and only then opens the barrier \
                or turnstile (CLEAR) or keeps the lane closed (HOLD). The crossing must be the lane's current one; \
                `laneagent lane status` shows it. The officer must be listed in the site's reference data (`laneagent officer \
                enrol`): the command asks for the officer's PIN without echo (--pin-stdin reads it from standard input), or \
                signs the override with the officer's key (--officer-key). A wrong PIN or unknown officer is refused and \
                recorded; 5 failures in 10 minutes lock the officer out for 10 minutes (10 on one lane lock the lane). \
                Exit 0 when committed, 1 when refused or not recorded, 2 for bad arguments.
                """)

        @OptionGroup var options: ConfigOption
        @Option(help: "The lane's id, as in [[lanes]].") var lane: String
        @Option(help: "The crossing's id, such as C1-20261123-080000.") var crossing: String
        @Option(help: "CLEAR or HOLD.") var decision: String
        @Option(help: "The officer's id (badge number).") var officer: String
        @Option(help: "Why, in words the audit will read.") var reason: String
        @Flag(help: "Read the officer's PIN from one line of standard input instead of asking on the terminal.") var pinStdin = false
        @Option(help: "Sign with the officer's key (the PEM file `officer enrol --key-out` made) instead of a PIN.") var officerKey: String?
        @Flag(help: "Print the committed record body as JSON.") var json = false

        func validate() throws {
            guard let decision = Decision(rawValue: decision.uppercased()), decision != .refer else {
                throw ValidationError("--decision must be CLEAR or HOLD, not \(decision)")
            }
            for (name, value) in [("--officer", officer), ("--reason", reason), ("--crossing", crossing)]
            where value.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("\(name) must not be empty")
            }
            guard !(pinStdin && officerKey != nil) else { throw ValidationError("give --pin-stdin or --officer-key, not both") }
        }

        func run() async throws {
            let config = try options.load()
            guard config.lanes.contains(where: { $0.id == lane }) else {
                throw LaneControlError.unknownLane(lane, known: config.lanes.map(\.id))
            }
            var request = OverrideRequest(lane: lane, crossing: crossing, decision: Decision(rawValue: decision.uppercased())!,
                                          officer: officer, reason: reason)
            // Asked only once the lane is known to exist, so a typo costs no PIN.
            if let officerKey {
                let key: DeviceKey
                do { key = try DeviceKey.load(from: officerKey) } catch { throw OfficerInputError.key(officerKey, error) }
                request.credential = .signature(OverrideSignature.sign(request, key: key))
            } else {
                let pin = pinStdin ? try PINInput.standardInput() : try PINInput.terminal("PIN for officer \(officer): ")
                if let problem = PINHash.problem(with: pin) { throw OfficerInputError.unusablePIN(problem) }
                request.credential = .pin(pin)
            }
            let committed = try await LaneControlClient(stateDirectory: config.agent.stateDirectory).override(request)
            if json {
                Console.json(committed)
            } else {
                print("""
                    override committed: lane \(lane) crossing \(crossing) \(request.decision.rawValue) by \(officer), authenticated by \
                    \(request.credential?.method.rawValue ?? "nothing") (record seq \(committed["seq"]?.integerValue ?? 0))
                    """)
            }
        }
    }

    /// `laneagent lane status --config F [--json]`
    struct LaneStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status", abstract: "Show each lane's state, the current crossing and the last decisions with reasons.",
            discussion: "Asks the running daemon. Exit 1 when it cannot be reached.")

        @OptionGroup var options: ConfigOption
        @Flag(help: "Print the daemon's {\"lanes\":[…]} as JSON.") var json = false

        func run() async throws {
            let config = try options.load()
            let status = try await LaneControlClient(stateDirectory: config.agent.stateDirectory).status()
            if json {
                Console.json(status)
                return
            }
            for lane in status["lanes"]?.arrayValue ?? [] { print(LaneStatusText.lines(lane).joined(separator: "\n")) }
        }
    }
}
