import ArgumentParser
import CodeReaders
import DeviceKit
import Foundation
import LaneModel

extension LaneAgentCommand {
    /// `laneagent diag code --port PATH | --evdev PATH [--mrz] [--count N] [--json]`
    struct DiagCode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "code",
            abstract: "Print QR/barcodes (or travel-document MRZs, with --mrz) as a reader sends them.",
            discussion: """
                --port reads a serial (CDC-ACM) reader, --evdev a USB HID keyboard-mode reader, grabbed so scans do not \
                type into a console. Runs until Ctrl-C or --count codes; exit 1 when none was read, 2 when the device \
                cannot be opened.
                """)

        @Option(help: ArgumentHelp("A serial reader's port.", valueName: "PATH")) var port: String?
        @Option(help: ArgumentHelp("A USB HID reader's input device (/dev/input/by-id/…-event-kbd).", valueName: "PATH")) var evdev: String?
        @OptionGroup var line: SerialLineOptions
        @Flag(help: "The serial reader is a document reader sending MRZ lines (ICAO 9303 TD1/TD3).") var mrz = false
        @Flag(name: .customLong("no-grab"), help: "--evdev: do not take the device exclusively.") var noGrab = false
        @Option(help: "Stop after this many readings.") var count: Int?
        @Option(help: "Stop after this many seconds.") var seconds: Double?
        @Flag(help: "Print each reading as a JSON line.") var json = false

        func run() async throws {
            guard (port == nil) != (evdev == nil) else { throw CommandFailure.usage("give exactly one of --port and --evdev") }
            if mrz, evdev != nil { throw CommandFailure.usage("--mrz reads serial document readers; use it with --port") }
            if let count, count < 1 { throw CommandFailure.usage("--count must be ≥ 1") }
            if let seconds, seconds <= 0 { throw CommandFailure.usage("--seconds must be positive") }
            let events: AsyncStream<DeviceEvent<Reading>>
            let start: @Sendable () async -> Void
            let health: @Sendable () -> DeviceHealth
            if let port {
                let settings = try line.settings(over: CodeReaderDrivers.defaultSerialSettings)
                let driver = mrz ? "serial-mrz" : "serial-code"
                let device = SerialDevice(id: "diag", path: port, settings: settings, backoff: nil) {
                    CodeReaderDrivers.serialSession(named: driver, device: "diag")!
                }
                (events, start, health) = (device.events, { await device.run() }, { device.health })
            } else {
                let device = CodeReaderDrivers.hidDevice(id: "diag", path: evdev!, grab: !noGrab, backoff: nil)
                (events, start, health) = (device.events, { await device.run() }, { device.health })
            }
            let tally = DiagSerial.Tally()
            let (count, json, seconds) = (self.count, self.json, self.seconds)
            _ = try await Interruption.run {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await start() }
                    group.addTask {
                        for await event in events {
                            switch event {
                            case .reading(let reading, _):
                                let seen = tally.received.add(1, ordering: .relaxed).newValue
                                Console.writeUnbuffered(json ? String(decoding: CanonicalJSON.encode(reading.jsonValue), as: UTF8.self) : Self.describe(reading))
                                if let count, seen >= count { return }
                            case .frameError(let error):
                                Console.error("rejected: \(mrz ? error.reason : error.description)")
                            case .health(_, let failure?):
                                tally.failure.withLock { $0 = "\(failure)" }
                                return
                            case .health:
                                Console.error("reading \(port ?? evdev!); Ctrl-C to stop")
                            }
                        }
                    }
                    if let seconds { group.addTask { try await Task.sleep(for: .seconds(seconds)) } }
                    try await group.next()
                    group.cancelAll()
                }
            }
            if let failure = tally.failure.withLock({ $0 }) {
                throw health().bytesReceived == 0 && tally.received.load(ordering: .relaxed) == 0
                    ? CommandFailure.usage(failure) : CommandFailure.fault(failure)
            }
            if tally.received.load(ordering: .relaxed) == 0 { throw CommandFailure.fault("no code was read from \(port ?? evdev!)") }
        }

        static func describe(_ reading: Reading) -> String {
            switch reading.detail {
            case .code(let code): return code.text
            case .document(let document):
                let checks = document.failedChecks.isEmpty ? "all check digits verify" : "FAILED checks: \(document.failedChecks.joined(separator: ", "))"
                return "\(document.format) \(document.documentCode) \(document.issuer) \(document.number) \(document.surname), \(document.givenNames) "
                    + "born \(document.birthDate) expires \(document.expiryDate)\(document.expired ? " (EXPIRED)" : ""); \(checks)"
            default: return String(decoding: CanonicalJSON.encode(reading.jsonValue), as: UTF8.self)
            }
        }
    }
}
