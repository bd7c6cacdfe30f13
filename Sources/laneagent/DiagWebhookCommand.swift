import Agent
import ArgumentParser
import DeviceKit
import Foundation
import Logging
import ServiceLifecycle

extension LaneAgentCommand {
    /// `laneagent diag webhook --listen HOST:PORT [--config FILE | --driver NAME]`
    struct DiagWebhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "webhook",
            abstract: "Listen for device events and print each one decoded, with what the agent would make of it.",
            discussion: """
                Point a camera or terminal at this address to check its setup before the daemon runs. With --config, \
                requests are routed and checked against the address lists as the daemon does; with --driver, every \
                request is decoded with that driver. Nothing is recorded. Ctrl-C stops.
                """)

        @Option(help: ArgumentHelp("Where to listen, such as 0.0.0.0:8088.", valueName: "HOST:PORT")) var listen: String
        @Option(help: ArgumentHelp("The agent configuration whose [[devices]] to route to.", valueName: "FILE")) var config: String?
        @Option(help: "Decode every request with this network driver (laneagent diag drivers lists them).") var driver: String?
        @Option(name: .customLong("max-body-kb"), help: "Refuse larger bodies, as [http] max_body_kb does.") var maxBodyKB = 8192

        func run() async throws {
            guard let address = ListenAddress(listen) else { throw CommandFailure.usage("--listen \"\(listen)\" is not HOST:PORT") }
            guard (config == nil) != (driver == nil) else { throw CommandFailure.usage("give exactly one of --config and --driver") }
            var devices: [GatewayDevice] = []
            var fixed: (name: String, decoder: any EventDriver)?
            if let config {
                let loaded = try AgentConfig.load(path: config)
                devices = loaded.devices.compactMap { settings in DriverCatalogue.eventDriver(for: settings).map { GatewayDevice(settings: settings, driver: $0) } }
                guard !devices.isEmpty else { throw CommandFailure.usage("\(config) has no network devices ([[devices]] with an http driver)") }
            } else if let driver {
                guard let decoder = DriverCatalogue.eventDriver(named: driver) else {
                    let names = DriverCatalogue.all.filter { $0.transport == .http }.map(\.name)
                    throw CommandFailure.usage("'\(driver)' is not a network driver; expected one of: \(names.joined(separator: ", "))")
                }
                fixed = (driver, decoder)
            }
            let settings = GatewaySettings(host: address.host, port: address.port, maxBodyBytes: maxBodyKB * 1024)
            LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
            var logger = Logger(label: "laneagent")
            logger.logLevel = .warning
            let handler = InspectingHandler(devices: devices, driver: fixed) { Console.writeUnbuffered($0) }
            let gateway = DeviceGateway(settings: settings, handler: handler, logger: logger) { port in
                Console.error("listening on \(address.host):\(port); Ctrl-C to stop")
            }
            let group = ServiceGroup(services: [gateway], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            do { try await group.run() } catch {
                throw CommandFailure.fault("cannot listen on \(listen): \(error)")
            }
        }
    }
}
