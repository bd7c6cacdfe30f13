import Agent
import ArgumentParser
import CodeReaders
import DeviceKit
import Foundation

extension LaneAgentCommand.DiagSimulate {
    /// `laneagent diag simulate code --link PATH [--code TEXT]… [--line-ending cr|lf|crlf]`
    struct Code: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Act as a serial QR/barcode reader on a pseudo-terminal linked at PATH, until Ctrl-C.",
            discussion: """
                With --code, sends the codes in turn, one every --interval-ms, over and over (--once: a single pass); \
                without, sends each line typed on standard input, as if it had been scanned.
                """)

        @Option(help: ArgumentHelp("Where to link the simulated port (for example /tmp/qr-1).", valueName: "PATH")) var link: String
        @Option(name: .customLong("code"), help: "A code to scan (repeat for several).") var codes: [String] = []
        @Option(name: .customLong("line-ending"), help: "cr, lf or crlf (scanners usually send cr).") var lineEnding = "cr"
        @Option(name: .customLong("interval-ms"), help: "Milliseconds between codes.") var intervalMilliseconds = 1000
        @Flag(help: "Send the --code list once, then keep the port open until Ctrl-C.") var once = false

        func run() async throws {
            guard let ending = LineEnding(rawValue: lineEnding) else {
                throw CommandFailure.usage("--line-ending must be one of: \(LineEnding.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard intervalMilliseconds >= 0 else { throw CommandFailure.usage("--interval-ms must be ≥ 0") }
            if let bad = codes.first(where: { $0.isEmpty || $0.contains(where: \.isNewline) }) {
                throw CommandFailure.usage("--code \"\(bad)\" must be one non-empty line")
            }
            let reader = try LaneAgentCommand.DiagSimulate.simulator(for: "code", as: CodeReaderSimulator.Type.self)
            let terminal = try LinkedTerminal(link: link)
            defer { terminal.unlink() }
            let simulator = reader.init(terminal: terminal.terminal, lineEnding: ending)
            Console.writeUnbuffered("simulating a serial code reader on \(terminal.terminal.slavePath), linked at \(link); Ctrl-C to stop")
            let (codes, once, interval) = (self.codes, self.once, Duration.milliseconds(intervalMilliseconds))
            _ = try await Interruption.run {
                if codes.isEmpty {
                    while let line = readLine() {
                        if !line.isEmpty { _ = simulator.send(line) }
                    }
                } else {
                    repeat {
                        for code in codes {
                            _ = simulator.send(code)
                            try await Task.sleep(for: interval)
                        }
                    } while !once
                }
                // Like a reader left plugged in: the port stays until Ctrl-C.
                try await Task.sleep(for: .seconds(365 * 86_400))
            }
        }
    }
}
