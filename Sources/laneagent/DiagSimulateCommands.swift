import Agent
import ArgumentParser
import DeviceKit
import Foundation
import Scales

extension LaneAgentCommand {
    /// `laneagent diag simulate …`
    struct DiagSimulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "simulate",
            abstract: "Simulated devices speaking the real wire protocols: on pseudo-terminals, or posting over HTTP.",
            subcommands: [Scale.self, Code.self, ANPR.self, Face.self, ZKTeco.self, Container.self, Scan.self])

        /// The simulator of the one driver `diag simulate <command>` plays, found through the driver
        /// catalogue, so the command follows whichever driver declares it.
        static func simulator<Simulator>(for command: String, as type: Simulator.Type) throws -> Simulator {
            guard let found = DriverCatalogue.simulator(command: command, as: type) else {
                throw CommandFailure.fault("no driver in the catalogue has a simulator for diag simulate \(command)")
            }
            return found.simulator
        }
    }
}

extension LaneAgentCommand.DiagSimulate {
    /// `laneagent diag simulate scale --driver NAME --link PATH [--weight KG] [--noise KG] [--script FILE] [--unit U] [--division D]`
    struct Scale: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Act as a weighbridge indicator on a pseudo-terminal linked at PATH, until Ctrl-C.",
            discussion: """
                Continuous protocols send frames at the indicator's rate; polled ones answer requests. --script plays \
                JSON lines such as {"seconds": 3, "weightKg": 0, "toKg": 24350} (a ramp, in motion), \
                {"seconds": 5, "weightKg": 24350} (settled), with optional "motion" and "status" \
                (ok, overload, underload, error); the last load is held after the script ends.
                """)

        @Option(help: "The indicator's protocol (laneagent diag drivers lists them).") var driver: String
        @Option(help: ArgumentHelp("Where to link the simulated port, as udev would (for example /tmp/scale-1).", valueName: "PATH"))
        var link: String
        @Option(help: "The load on the platform, in kg.") var weight: Double = 0
        @Option(help: "Random noise added to each frame, ± kg.") var noise: Double = 0
        @Option(help: ArgumentHelp("A JSON-lines script of loads over time.", valueName: "FILE")) var script: String?
        @Flag(name: .customLong("no-checksum"), help: "toledo-continuous: send no checksum byte.") var noChecksum = false
        @Option(help: "toledo-continuous: the unit the terminal shows (kg, t, lb, g).") var unit = "kg"
        @Option(help: "toledo-continuous: the display's division in that unit, such as 10, 20 or 100 kg, or 0.02 t.")
        var division: Double = 1
        @Option(help: "Act out the indicator's baud rate: a reader set to another rate gets garbled bytes and no answers (a pseudo-terminal itself ignores the rate).")
        var baud: Int?

        func run() async throws {
            guard let scale = DriverCatalogue.simulator(named: driver, as: ScaleDriver.self) else {
                let names = DriverCatalogue.simulated(by: "scale").map(\.name)
                throw CommandFailure.usage("unknown driver '\(driver)'; expected one of: \(names.joined(separator: ", "))")
            }
            guard noise >= 0, noise.isFinite, weight.isFinite else { throw CommandFailure.usage("--weight and --noise must be numbers (noise ≥ 0)") }
            let plan = try script.map { path throws in
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    throw CommandFailure.usage("cannot read the script \(path)")
                }
                return try WeightScript.parse(text, source: path)
            }
            guard let shownUnit = WeightUnit(rawValue: unit), [.kg, .t, .lb, .g].contains(shownUnit) else {
                throw CommandFailure.usage("--unit '\(unit)': expected kg, t, lb or g")
            }
            guard IndicatorDisplay.isValidDivision(division) else {
                throw CommandFailure.usage("--division \(division): expected 1, 2 or 5 times a power of ten, from 0.0001 to 500")
            }
            let display = IndicatorDisplay(unit: shownUnit, division: division)
            guard scale.simulatesDisplay || display == IndicatorDisplay() else {
                throw CommandFailure.usage("--unit and --division: \(scale.name) shows whole kg only; toledo-continuous can show others")
            }
            var options = ScaleOptions()
            options.checksum = !noChecksum
            let terminal = try LinkedTerminal(link: link)
            defer { terminal.unlink() }
            let simulator = ScaleSimulator(driver: scale, options: options, terminal: terminal.terminal,
                                           initial: IndicatorState(weightKg: weight), noiseKg: noise, baud: baud, display: display)
            Console.writeUnbuffered("simulating \(scale.name) (\(scale.protocolName)) on \(terminal.terminal.slavePath), linked at \(link); Ctrl-C to stop")
            _ = try await Interruption.run {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await simulator.run() }
                    if let plan { group.addTask { try await simulator.play(plan) } }
                    // The script ending is not the simulator ending: the server runs until Ctrl-C.
                    try await group.waitForAll()
                }
            }
        }
    }
}
