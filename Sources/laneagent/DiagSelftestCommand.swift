import Agent
import ArgumentParser
import BoardTools
import ConfigFile
import Foundation
import LaneModel
import USB

extension LaneAgentCommand {
    /// `laneagent diag selftest --config F [--json] [--timeout S]`
    struct DiagSelftest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "selftest",
            abstract: "Check the whole board, one line per check: config, key, journal, devices, GPIO, USB, clock, uplink, reference data.",
            discussion: """
                Each line is ok, warn or fail, what was found and what to do. Devices are read in parallel: a scale must \
                send a valid frame within --timeout (no bytes at all, or bytes but no valid frame, are told apart); a code \
                reader's port must open (it sends only when a code is scanned). While `laneagent run` holds the journal, \
                device ports are only checked for presence and the line says warn: a second reader on a serial line would \
                take the agent's bytes. The clock line reads the kernel (adjtimex) and compares with the clearance \
                service's Date header; \(ClockStateSource.testVariable)=synced|unsynced substitutes the kernel's state \
                (a test seam; the line says so). Exit 0 when nothing failed (warnings allowed), 1 when a check failed, \
                2 when the configuration does not load.
                """)

        @OptionGroup var options: ConfigOption
        @Flag(help: "Print {\"ok\",\"agentRunning\",\"checks\":[{\"check\",\"subject\",\"status\",\"detail\",\"remedy\"}]} as JSON.")
        var json = false
        @Option(help: "Seconds to wait for each device's first valid frame.") var timeout: Double = 5

        func validate() throws {
            guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        }

        func run() async throws {
            let clock = try ClockStateSource.fromEnvironment()
            let config: AgentConfig
            do { config = try options.load() } catch {
                print(json, SelfTestReport(checks: [SelfTest.configCheck(failed: error)], agentRunning: false))
                throw CommandFailure.usage("")
            }
            let selftest = SelfTest(deviceSeconds: timeout, clock: clock, usb: Self.usbDevices)
            let report = await selftest.run(config)
            print(json, report)
            if !report.ok { throw CommandFailure.fault("") }
        }

        private func print(_ json: Bool, _ report: SelfTestReport) {
            if json { Console.json(report.jsonValue) } else { for line in report.lines { Swift.print(line) } }
        }

        /// The USB devices plugged in, through libusb (LA-USB-001 where the kernel has no USB).
        @Sendable static func usbDevices() throws -> [USBPresentDevice] {
            try USBBus().devices().map { USBPresentDevice(vendor: $0.vendorId, product: $0.productId, serial: $0.serial, path: $0.path) }
        }
    }
}
