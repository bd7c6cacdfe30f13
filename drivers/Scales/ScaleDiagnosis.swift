import DeviceKit
import LaneModel

/// Why `diag scale` got no usable reading, worded for the technician at the lane: no bytes at
/// all points at the cable, port or power; bytes without a valid frame at the line settings or
/// the driver, with what the bytes looked like and which driver they do decode as.
public struct ScaleDiagnosis: Sendable {
    public var driver: ScaleDriver
    /// The decoder settings used (the checksum setting, for Toledo).
    public var options: ScaleOptions
    public var port: String
    public var settings: SerialSettings
    public var seconds: Double
    public var bytesReceived = 0
    public var frameErrors = 0
    /// The first bytes that were not valid frames.
    public var sample: [UInt8] = []
    public var readings = 0
    public var lowestKg: Double?
    public var highestKg: Double?

    public init(driver: ScaleDriver, options: ScaleOptions = ScaleOptions(), port: String, settings: SerialSettings, seconds: Double) {
        self.driver = driver
        self.options = options
        self.port = port
        self.settings = settings
        self.seconds = seconds
    }

    /// Notes a reading.
    public mutating func record(_ reading: WeightReading) {
        readings += 1
        if let weight = reading.weightKg {
            lowestKg = min(lowestKg ?? weight, weight)
            highestKg = max(highestKg ?? weight, weight)
        }
    }

    /// Notes a rejected frame, keeping the first bytes as a sample.
    public mutating func record(_ error: FrameError) {
        frameErrors += 1
        sample += error.bytes.prefix(max(0, 48 - sample.count))
    }

    private var duration: String { seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s" }

    /// The explanation when the wait for readings ended with `wanted` unmet.
    public func explanation(wanted: String) -> String {
        if bytesReceived == 0 {
            let direction = driver.isPolled
                ? "that the indicator answers requests: TX and RX both wired (or RS-485 A/B the right way round), and the indicator set to \(driver.name) (\(driver.protocolName)) at \(settings)"
                : "that its serial output is switched on in continuous mode"
            return """
                no bytes from \(port) in \(duration): check the cable and that \(port) is the indicator's adapter (ls -l /dev/serial/by-id/), that the indicator \
                is powered, and \(direction)
                """
        }
        if readings == 0 {
            var text = """
                received \(bytesReceived) bytes from \(port) in \(duration) but no valid \(driver.name) frame (\(frameErrors) frame \
                error\(frameErrors == 1 ? "" : "s")): check the baud rate and parity (now \(settings)) and the driver
                """
            if sample.isEmpty {
                // Bytes that never began a frame are still in the decoder, never rejected.
                text += ". None of them began a \(driver.name) frame; laneagent diag serial --port \(port) --baud \(settings.baud) shows them"
            } else {
                text += ". The bytes look like: \(Hex.spaced(sample)) |\(Self.printable(sample))|"
                let others = ScaleDrivers.recognising(sample).filter { $0.name != driver.name }
                if let checksum = otherChecksumSetting() {
                    text += checksum
                        ? ". They decode as \(driver.name) with its checksum byte: set checksum = true (diag scale: without --no-checksum)"
                        : ". They decode as \(driver.name) without a checksum byte: set checksum = false (diag scale: --no-checksum)"
                } else if let other = others.first {
                    text += ". They decode as \(other.name): try --driver \(other.name)"
                } else if sample.filter({ $0 >= 0x80 }).count * 3 >= sample.count {
                    text += ". Many bytes have the high bit set, which is what a wrong baud rate or parity looks like"
                }
            }
            return text
        }
        var text = "\(readings) reading\(readings == 1 ? "" : "s") in \(duration) but \(wanted)"
        if let lowestKg, let highestKg {
            text += lowestKg == highestKg ? "; the weight stayed at \(Self.kilograms(lowestKg)) kg" : """
                ; the weight moved between \(Self.kilograms(lowestKg)) and \(Self.kilograms(highestKg)) kg
                """
        }
        return text
    }

    /// The checksum setting, other than the one used, under which this driver decodes the sample.
    private func otherChecksumSetting() -> Bool? {
        driver.settingsToTry.first { $0.checksum != options.checksum && driver.decodesFrame(in: sample, options: $0) }?.checksum
    }

    /// `bytes` with everything outside printable ASCII shown as `.`.
    public static func printable(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: ".") }, as: UTF8.self)
    }

    /// A weight as technicians read it: whole kilograms without decimals, else up to three.
    public static func kilograms(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        var text = String((value * 1000).rounded() / 1000)
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
