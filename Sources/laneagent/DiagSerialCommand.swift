import ArgumentParser
import DeviceKit
import Foundation
import LaneModel
import Scales
import Synchronization

extension LaneAgentCommand {
    /// `laneagent diag serial --port PATH [--baud N] [--send TEXT] [--seconds S]`
    struct DiagSerial: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serial",
            abstract: "Print the raw bytes a serial port receives, as hex and ASCII.",
            discussion: """
                Each line: seconds since start, up to 16 bytes in hex, and the same bytes as ASCII (. for the rest). \
                Runs until Ctrl-C, or for --seconds; exit 1 when no byte arrived.
                """)

        @Option(help: ArgumentHelp("The serial port.", valueName: "PATH")) var port: String
        @OptionGroup var line: SerialLineOptions
        @Option(help: ArgumentHelp("Send this first; \\r, \\n and \\xNN escapes allowed (for example 'SI\\r\\n').", valueName: "TEXT"))
        var send: String?
        @Option(help: "Stop after this many seconds.") var seconds: Double?

        func run() async throws {
            let settings = try line.settings(over: SerialSettings())
            if let seconds, seconds <= 0 { throw CommandFailure.usage("--seconds must be positive") }
            let request = try send.map { text throws(CommandFailure) in
                guard let bytes = Self.unescape(text) else { throw .usage("--send '\(text)' has a bad escape; use \\r, \\n, \\t, \\\\ or \\xNN") }
                return bytes
            }
            let port = try SerialPort.open(self.port, settings: settings)
            Console.error("reading \(self.port) at \(settings); Ctrl-C to stop")
            if let request { try await port.write(request) }
            let tally = Tally()
            let seconds = self.seconds
            let start = ContinuousClock.now
            _ = try await Interruption.run {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await chunk in port.chunks() {
                                tally.received.add(chunk.count, ordering: .relaxed)
                                for line in Self.lines(chunk, at: ContinuousClock.now - start) { Console.writeUnbuffered(line) }
                            }
                        } catch {
                            tally.failure.withLock { $0 = "\(error)" }
                        }
                    }
                    if let seconds { group.addTask { try await Task.sleep(for: .seconds(seconds)) } }
                    try await group.next()
                    group.cancelAll()
                }
            }
            if let failure = tally.failure.withLock({ $0 }) { throw CommandFailure.fault(failure) }
            let total = tally.received.load(ordering: .relaxed)
            Console.error("\(total) bytes")
            if total == 0 { throw CommandFailure.fault("no bytes from \(self.port) at \(settings): check the cable, the port and that the device is powered and sending") }
        }

        /// What the reader saw, shared with the command after it stops.
        final class Tally: Sendable {
            let received = Atomic<Int>(0)
            let failure = Mutex<String?>(nil)
        }

        /// Hex-and-ASCII lines for one chunk, stamped with the time since start.
        static func lines(_ chunk: [UInt8], at elapsed: Duration) -> [String] {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let stamp = String(format: "%9.3f", seconds)
            return stride(from: 0, to: chunk.count, by: 16).map { offset in
                let bytes = Array(chunk[offset..<min(offset + 16, chunk.count)])
                let hex = Hex.spaced(bytes)
                return "\(stamp)  \(hex.padding(toLength: 47, withPad: " ", startingAt: 0))  |\(ScaleDiagnosis.printable(bytes))|"
            }
        }

        /// `text` with `\r`, `\n`, `\t`, `\\` and `\xNN` escapes turned into bytes; nil on a bad escape.
        static func unescape(_ text: String) -> [UInt8]? {
            var bytes: [UInt8] = []
            var input = Array(text.utf8)[...]
            while let byte = input.popFirst() {
                guard byte == UInt8(ascii: "\\") else { bytes.append(byte); continue }
                switch input.popFirst() {
                case UInt8(ascii: "r"): bytes.append(0x0D)
                case UInt8(ascii: "n"): bytes.append(0x0A)
                case UInt8(ascii: "t"): bytes.append(0x09)
                case UInt8(ascii: "\\"): bytes.append(0x5C)
                case UInt8(ascii: "x"):
                    guard input.count >= 2, let value = Hex.decode(String(decoding: input.prefix(2), as: UTF8.self)) else { return nil }
                    bytes += value
                    input = input.dropFirst(2)
                default: return nil
                }
            }
            return bytes
        }
    }
}
