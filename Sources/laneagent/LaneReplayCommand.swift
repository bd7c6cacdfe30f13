import Agent
import ArgumentParser
import BoardTools
import Foundation
import LaneModel

extension LaneAgentCommand {
    /// `laneagent lane replay --config F --events FILE [--reference FILE] [--rules FILE] [--summary]`
    struct LaneReplay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Run the lane and rule code on recorded events and print each decision and actuation.",
            discussion: """
                Runs the configured [[lanes]] (the same state machines and rules as the daemon) on an NDJSON file of \
                events, one object per line, with the clock taken from the events' "at". Prints one JSON object per line \
                on standard output: {"type":"decision",...}, {"type":"override",...} and {"type":"actuation",...}. \
                Deadlines fire when the event clock passes them and at the end of the input. Writes nothing to the \
                journal and needs neither the device key nor the state directory.

                Event types: presence, plate, weight, container, scan, code, document, chip, face, fingerprint, fault, \
                recovered, clock, override (see docs/lanes-and-rules.md). A bad line is reported on standard error as \
                FILE:LINE: what is wrong, and replay goes on with the rest.

                Exit status: 0 when every line replayed, 1 when any line was bad (the rest still replayed), 2 for bad \
                arguments, configuration, rule pack or reference data.
                """)

        @OptionGroup var options: ConfigOption
        @Option(help: ArgumentHelp("The recorded events, NDJSON (- for standard input).", valueName: "FILE"))
        var events: String
        @Option(help: ArgumentHelp("""
            Reference data to decide against: the JSON body {\"version\",\"issuedAt\",\"vehicles\",\"watchlist\"} (default: [reference] file, else the copy the agent \
            holds, else none).
            """, valueName: "FILE"))
        var reference: String?
        @Option(help: ArgumentHelp("A rule pack for every lane instead of each lane's own.", valueName: "FILE"))
        var rules: String?
        @Flag(help: "End with one line on standard error: events, crossings, decisions by outcome, events/s.")
        var summary = false

        func run() async throws {
            let config = try options.load()
            let session = try ReplaySession(config: config, rulesPath: rules, referencePath: reference)
            var output = ReplayOutputBuffer()
            let start = ContinuousClock.now
            let counts = try session.run(eventsPath: events, output: { output.append($0) }, problem: { line in
                output.flush()
                Console.error(line)
            })
            output.flush()
            if summary {
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                let rate = seconds > 0 ? Double(counts.events) / seconds : 0
                Console.error("replay: \(counts.description); \(String(format: "%.2f", seconds)) s, \(Int(rate.rounded())) events/s")
            }
            if counts.badLines > 0 { throw CommandFailure.fault("") }
        }
    }
}

/// Standard output in large writes: a day of traffic is hundreds of thousands of lines.
private struct ReplayOutputBuffer {
    private var bytes: [UInt8] = []

    mutating func append(_ line: String) {
        bytes.append(contentsOf: line.utf8)
        bytes.append(0x0A)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !bytes.isEmpty else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { if errno == EINTR { continue } else { break } }
            offset += written
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
