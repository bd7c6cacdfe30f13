import ArgumentParser
import DeviceKit
import Foundation
import LaneModel
import Scales
import Synchronization

extension LaneAgentCommand {
    /// `laneagent diag scale --port PATH --driver NAME [--baud N] [--parity P] [--count N | --stable]
    /// [--timeout S] [--json] [--raw] [--zero] [--no-checksum]`
    struct DiagScale: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scale",
            abstract: "Read a weighbridge indicator and print its readings, one per line.",
            discussion: """
                Without --count or --stable, readings print until Ctrl-C. Frame errors go to standard error as \
                "frame error: <reason>: <hex>". With no reading before --timeout, exit 1 with a diagnosis: no bytes \
                at all (cable, port, power) or bytes but no valid frame (baud, parity, driver; with what the bytes \
                look like). Unknown driver or missing port: exit 2.
                """)

        @Option(help: ArgumentHelp("The serial port: /dev/ttyUSB0, /dev/serial/by-id/…, /dev/laneagent/scale-1.", valueName: "PATH"))
        var port: String
        @Option(help: "The indicator's protocol (laneagent diag drivers lists them).") var driver: String
        @OptionGroup var line: SerialLineOptions
        @Option(help: "Exit 0 after this many readings.") var count: Int?
        @Flag(help: "Exit 0 after the first stable reading.") var stable = false
        @Option(help: "Seconds to wait for the first reading (with --count or --stable: for all of them).") var timeout: Double = 10
        @Flag(help: "Print {\"time\",\"weightKg\",\"stable\",\"status\",\"gross\"} per reading.") var json = false
        @Flag(help: "Add the frame's bytes in hex.") var raw = false
        @Flag(help: "Zero the scale first (drivers with a zero command: mt-sics).") var zero = false
        @Flag(name: .customLong("no-checksum"), help: "The indicator sends no checksum byte (toledo-continuous set so; checksum = false in the configuration).")
        var noChecksum = false

        func run() async throws {
            guard let scale = ScaleDrivers.named(driver) else {
                throw CommandFailure.usage("unknown driver '\(driver)'; expected one of: \(ScaleDrivers.names.joined(separator: ", "))")
            }
            guard timeout > 0 else { throw CommandFailure.usage("--timeout must be a positive number of seconds") }
            if let count, count < 1 { throw CommandFailure.usage("--count must be at least 1") }
            if count != nil && stable { throw CommandFailure.usage("give --count or --stable, not both") }
            if zero && scale.zeroCommand == nil { throw CommandFailure.usage("driver \(scale.name) has no zero command; zero the indicator on its keypad") }
            if noChecksum && !scale.optionKeys.contains("checksum") {
                throw CommandFailure.usage("--no-checksum is for toledo-continuous; driver \(scale.name) has no checksum setting")
            }
            var options = ScaleOptions()
            options.checksum = !noChecksum
            let settings = try line.settings(over: scale.defaultSettings)
            if zero { try await ScaleZeroing.zero(port: port, settings: settings, driver: scale) }

            let device = SerialDevice(id: "diag", path: port, settings: settings, backoff: nil) { [options] in scale.session(device: "diag", options: options) }
            let watch = ScaleWatch(count: count, stable: stable, json: json, raw: raw,
                                   diagnosis: ScaleDiagnosis(driver: scale, options: options, port: port, settings: settings, seconds: timeout))
            let deviceTask = Task { await device.run() }
            defer { deviceTask.cancel() }
            let timeout = self.timeout
            let interrupted = try await Interruption.run {
                await withTaskGroup(of: ScaleWatch.Ending?.self) { group in
                    group.addTask { await watch.consume(device.events) }
                    group.addTask {
                        do { try await Task.sleep(for: .seconds(timeout)) } catch { return nil }
                        // Streaming: the timeout only covers the first reading.
                        while watch.streams && watch.diagnosis.readings > 0 {
                            do { try await Task.sleep(for: .seconds(3600)) } catch { return nil }
                        }
                        return .timedOut
                    }
                    let first = await group.next() ?? nil
                    watch.end(first)
                    group.cancelAll()
                }
            }
            var diagnosis = watch.diagnosis
            diagnosis.bytesReceived = device.health.bytesReceived
            switch watch.ending {
            case .reached?: return
            case .openFailed(let error)?: throw error
            case .lost(let error)?:
                throw CommandFailure.fault("lost \(port) after \(diagnosis.readings) readings: \(error)")
            case .timedOut?, nil:
                if interrupted && diagnosis.readings > 0 {
                    Console.error("\(diagnosis.readings) readings, \(diagnosis.frameErrors) frame errors")
                    return
                }
                throw CommandFailure.fault(diagnosis.explanation(wanted: watch.goal))
            }
        }
    }
}

/// What `diag scale` waits for, how it prints what comes, and what it saw.
final class ScaleWatch: Sendable {
    enum Ending: Sendable {
        case reached, timedOut
        case openFailed(SerialPortError)
        case lost(SerialPortError)
    }

    let count: Int?
    let stable: Bool
    let json: Bool
    let raw: Bool
    private let state: Mutex<(diagnosis: ScaleDiagnosis, ending: Ending?)>

    init(count: Int?, stable: Bool, json: Bool, raw: Bool, diagnosis: ScaleDiagnosis) {
        self.count = count
        self.stable = stable
        self.json = json
        self.raw = raw
        self.state = Mutex((diagnosis, nil))
    }

    /// What was seen so far.
    var diagnosis: ScaleDiagnosis { state.withLock { $0.diagnosis } }

    /// How the watch ended, once it has.
    var ending: Ending? { state.withLock { $0.ending } }

    func end(_ ending: Ending?) { state.withLock { $0.ending = ending } }

    /// True when readings print until interrupted.
    var streams: Bool { count == nil && !stable }

    /// The unmet goal, for the diagnosis.
    var goal: String {
        if stable { return "none stable" }
        if let count { return "fewer than the \(count) asked for" }
        return "none"
    }

    /// Prints events until the goal is met or the port fails.
    func consume(_ events: AsyncStream<DeviceEvent<WeightReading>>) async -> Ending? {
        var connected = false
        for await event in events {
            switch event {
            case .reading(let reading, let bytes):
                Console.writeUnbuffered(format(reading, raw: bytes))
                let readings = state.withLock {
                    $0.diagnosis.record(reading)
                    return $0.diagnosis.readings
                }
                if stable && reading.stable { return .reached }
                if let count, readings >= count { return .reached }
            case .frameError(let error):
                Console.error("frame error: \(error)")
                state.withLock { $0.diagnosis.record(error) }
            case .health(_, let failure?):
                return connected ? .lost(failure) : .openFailed(failure)
            case .health:
                connected = true
            }
        }
        return nil
    }

    private func format(_ reading: WeightReading, raw bytes: [UInt8]) -> String {
        if json {
            var value = reading.jsonValue
            if raw, case .object(var members) = value {
                members["raw"] = .string(Hex.encode(bytes))
                value = .object(members)
            }
            return String(decoding: CanonicalJSON.encode(value), as: UTF8.self)
        }
        let weight = reading.weightKg.map { ScaleDiagnosis.kilograms($0) + " kg" } ?? "-"
        let gross = reading.gross.map { $0 ? "gross" : "net" } ?? "-"
        var text = "\(reading.time.rfc3339)  \(String(repeating: " ", count: max(0, 12 - weight.count)))\(weight)  "
            + "\(reading.stable ? "stable" : "moving")  \(reading.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))\(gross)"
        if raw { text += "  \(Hex.spaced(bytes))" }
        return text
    }
}
