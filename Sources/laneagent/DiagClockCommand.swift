import Agent
import ArgumentParser
import BoardTools
import Foundation
import Journal
import LaneModel
import Uplink

extension LaneAgentCommand {
    /// `laneagent diag clock [--config F] [--json]`
    struct DiagClock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clock",
            abstract: "Print the kernel's clock sync state, its estimated and maximum error, and the skew against the clearance service.",
            discussion: """
                The state comes from adjtimex(2), as every record's clock field does. With [uplink] in the configuration, \
                the clock is compared with the Date header of the clearance service (1 s resolution). Exit 1 when the \
                clock is not synchronised or differs from the server by more than 5 s.
                """)

        @OptionGroup var options: ConfigOption
        @Flag(help: """
            Print \
            {\"synced\",\"state\",\"stateName\",\"estimatedErrorMicroseconds\",\"maxErrorMicroseconds\",\"offsetMicroseconds\",\"serverSkewSeconds\",\"serverSkewNote\"\
            ,\"substitutedBy\"} as JSON.
            """)
        var json = false

        func run() async throws {
            let source = try ClockStateSource.fromEnvironment()
            let reading = source.read()
            let config = FileManager.default.fileExists(atPath: options.config) ? try options.load() : nil
            let skew: ClockCheck.Skew = if let config { await UplinkCheck.check(config).1 } else { .notConfigured }
            let check = ClockCheck.check(reading, source: source, skew: skew)
            func number(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
            var skewSeconds: Double?
            var skewNote: String?
            switch skew {
            case .measured(let seconds): skewSeconds = seconds
            case .notConfigured: skewNote = config == nil ? "no configuration at \(options.config)" : "no [uplink] in \(options.config)"
            case .unavailable(let why): skewNote = why
            }
            if json {
                Console.json([
                    "synced": .bool(reading.sync == .synced), "state": number(reading.state.map(Int.init)),
                    "stateName": reading.state.map { .string(ClockText.stateName($0)) } ?? .null,
                    "estimatedErrorMicroseconds": number(reading.estimatedErrorMicroseconds),
                    "maxErrorMicroseconds": number(reading.maxErrorMicroseconds),
                    "offsetMicroseconds": reading.offsetMicroseconds.map { .number($0) } ?? .null,
                    "serverSkewSeconds": skewSeconds.map { .number($0) } ?? .null,
                    "serverSkewNote": skewNote.map(JSONValue.string) ?? .null,
                    "substitutedBy": source.substitution.map(JSONValue.string) ?? .null,
                ])
            } else {
                print("""
                    sync:            \(reading.sync == .synced ? "synchronised" : "NOT synchronised") \
                    (\(reading.state.map { "adjtimex state \($0) \(ClockText.stateName($0))" } ?? "adjtimex failed"))
                    """
                      + (source.substitution.map { " [substituted by \($0)]" } ?? ""))
                print("estimated error: \(reading.estimatedErrorMicroseconds.map(ClockText.milliseconds) ?? "unknown")")
                print("maximum error:   \(reading.maxErrorMicroseconds.map(ClockText.milliseconds) ?? "unknown")")
                print("offset:          \(reading.offsetMicroseconds.map { String(format: "%+.3f ms", $0 / 1000) } ?? "unknown") (still being slewed away)")
                print("server skew:     \(skewSeconds.map { String(format: "local − server = %+.0f s (limit ±%.0f s)", $0, UplinkDiagnosis.maxSkewSeconds) } ?? skewNote ?? "")")
            }
            if check.status == .fail { throw CommandFailure.fault(check.remedy ?? "") }
        }
    }
}
