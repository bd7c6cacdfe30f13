import Agent
import ArgumentParser
import LaneModel
import Uplink

extension LaneAgentCommand {
    /// `laneagent diag uplink --config F [--json]`
    struct DiagUplink: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uplink",
            abstract: "Check the way to the clearance service step by step: config, DNS, TCP, TLS, HTTP, device, clock.",
            discussion: """
                Each step prints ok or FAIL with the reason; the first failure ends the check with exit 1. With [uplink] urls, each \
                receiver is checked in turn (its config line names it): a failure ends that receiver's check, and any gives exit 1.
                """)

        @OptionGroup var options: ConfigOption
        @Flag(help: "Print {\"ok\",\"steps\":[{\"step\",\"ok\",\"detail\",\"url\"}]} as JSON.") var json = false

        func run() async throws {
            let config = try options.load()
            let diagnosis = UplinkDiagnosis(settings: try config.requireUplink(), device: config.agent.device)
            var steps: [JSONValue] = []
            let json = self.json
            let ok = await diagnosis.run { step in
                if json { steps.append(step.jsonValue) } else {
                    print("\(step.ok ? "ok  " : "FAIL") \(step.name.padding(toLength: 7, withPad: " ", startingAt: 0)) \(step.detail)")
                }
            }
            if json { Console.json(["ok": .bool(ok), "steps": .array(steps)]) }
            if !ok { throw CommandFailure.fault("") }
        }
    }
}
