import Agent
import ArgumentParser
import DeviceKit
import LaneModel
import Scales

extension LaneAgentCommand {
    /// `laneagent diag drivers [--json]`
    struct DiagDrivers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drivers", abstract: "List every device driver with its kind, transport, protocol, usual line settings and how far it is verified.",
            discussion: """
                VERIFIED: third-party (its tests decode captures, firmware output or specimens published by others, \
                named in the driver's Fixtures/third-party/SOURCES.md), vendor-table (derived from a vendor's table or manual only), \
                assumption (our own reading), own-format (LaneAgent's own JSON contract). --json adds what is still unverified. \
                SIMULATED: what the driver's simulator acts on (pty, http, input-events, folder, simulated-cards), - for none; \
                --json adds the laneagent diag simulate command that runs it, if one does.
                """)

        @Flag(help: "Print [{\"name\",\"kind\",\"kinds\",\"transport\",\"protocol\",\"line\",\"polled\",\"options\",\"verified\",\"unverified\",\"simulator\"}] as JSON.")
        var json = false

        func run() async throws {
            let rows = DriverCatalogue.all.map { driver in
                let scale = ScaleDrivers.named(driver.name)
                return (driver: driver, line: scale?.defaultSettings.description ?? (driver.transport == .serial ? SerialSettings().description : nil),
                        polled: scale?.isPolled ?? false)
            }
            if json {
                Console.json(.array(rows.map {
                    ["name": .string($0.driver.name), "kind": .string($0.driver.kinds.first ?? ""), "kinds": .array($0.driver.kinds.map(JSONValue.string)),
                     "transport": .string($0.driver.transport.rawValue), "protocol": .string($0.driver.protocolName),
                     "line": $0.line.map(JSONValue.string) ?? .null, "polled": .bool($0.polled),
                     "options": .array($0.driver.optionKeys.map(JSONValue.string)), "folder": .string("drivers/" + $0.driver.folder),
                     "verified": .string($0.driver.verification.level.rawValue), "unverified": .string($0.driver.verification.unverified),
                     "simulator": Self.simulator($0.driver)]
                }))
                return
            }
            let nameWidth = rows.map(\.driver.name.count).max() ?? 4
            let kindWidth = rows.map { $0.driver.kinds.joined(separator: ",").count }.max() ?? 4
            print("DRIVER".padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0) + "KIND".padding(toLength: kindWidth + 2, withPad: " ", startingAt: 0)
                + "TRANSPORT  LINE       VERIFIED      SIMULATED        PROTOCOL")
            for row in rows {
                print(row.driver.name.padding(toLength: nameWidth + 2, withPad: " ", startingAt: 0)
                    + row.driver.kinds.joined(separator: ",").padding(toLength: kindWidth + 2, withPad: " ", startingAt: 0)
                    + row.driver.transport.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
                    + (row.line ?? "-").padding(toLength: 11, withPad: " ", startingAt: 0)
                    + row.driver.verification.level.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                    + (row.driver.simulator?.medium.rawValue ?? "-").padding(toLength: 17, withPad: " ", startingAt: 0) + row.driver.protocolName)
            }
        }

        /// `{"medium","command"}`: what the driver's simulator acts on and the command line running it (null when none does); null without a simulator.
        static func simulator(_ driver: DriverDescription) -> JSONValue {
            guard let simulator = driver.simulator else { return .null }
            return ["medium": .string(simulator.medium.rawValue),
                    "command": simulator.command.map { .string($0.invocation(driver: driver.name)) } ?? .null]
        }
    }
}
