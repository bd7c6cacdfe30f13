import Agent
import ArgumentParser
import LaneModel
import Scales

extension LaneAgentCommand {
    /// `laneagent diag drivers [--json]`
    struct DiagDrivers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drivers", abstract: "List every device driver with its kind, protocol and usual line settings.")

        @Flag(help: "Print [{\"name\",\"kind\",\"protocol\",\"line\",\"polled\",\"options\"}] as JSON.") var json = false

        func run() async throws {
            let rows: [(name: String, kind: String, line: String, polled: Bool, options: [String], protocolName: String)] =
                ScaleDrivers.all.map { ($0.name, DeviceKind.scale.rawValue, $0.defaultSettings.description, $0.isPolled, $0.optionKeys, $0.protocolName) }
            if json {
                Console.json(.array(rows.map {
                    ["name": .string($0.name), "kind": .string($0.kind), "protocol": .string($0.protocolName), "line": .string($0.line),
                     "polled": .bool($0.polled), "options": .array($0.options.map(JSONValue.string))]
                }))
                return
            }
            let nameWidth = rows.map(\.name.count).max() ?? 4
            print("DRIVER".padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0) + "KIND   LINE       PROTOCOL")
            for row in rows {
                print(row.name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                    + row.kind.padding(toLength: 7, withPad: " ", startingAt: 0)
                    + row.line.padding(toLength: 11, withPad: " ", startingAt: 0) + row.protocolName)
            }
        }
    }
}
