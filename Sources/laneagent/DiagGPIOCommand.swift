import ArgumentParser
import Foundation
import LaneIO
import LaneModel

extension LaneAgentCommand {
    /// `laneagent diag gpio --chip NAME (--list | --watch LINE | --set LINE=0|1)`
    struct DiagGPIO: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gpio", abstract: "List, watch or set GPIO lines (barrier, turnstile, lights, presence loops).",
            discussion: """
                Exactly one of --list, --watch and --set. --list prints each line of the chip: offset, device-tree name, \
                consumer (who holds it), direction, whether it is used and whether it is active-low. --watch LINE prints \
                each edge of an input as TIME LINE 0|1 until Ctrl-C, --count N edges or --timeout S seconds (exit 1 if no \
                edge came). --set LINE=0|1 drives an output, holds it for --hold seconds and releases it: after release \
                libgpiod v1 does not promise the level, so test a barrier or light only while holding. Lines held by the \
                running agent cannot be watched or set (LA-GPIO-003): stop the agent first. Where the machine has no GPIO \
                character devices (/dev/gpiochip*), every form exits 1 (LA-GPIO-001).
                """)

        @Option(help: "The GPIO chip, such as gpiochip0 (or /dev/gpiochip0).") var chip: String
        @Flag(help: "List the chip's lines.") var list = false
        @Option(name: .customLong("watch"), help: ArgumentHelp("Print each edge of this input line.", valueName: "LINE"))
        var watchLine: String?
        @Option(name: .customLong("set"), help: ArgumentHelp("Drive this output line to 0 or 1.", valueName: "LINE=0|1"))
        var setting: String?
        @Flag(help: "JSON: with --list an array of {offset,name,consumer,direction,used,activeLow}; with --watch one {time,line,value} per line; with --set one object.")
        var json = false
        @Option(help: "With --watch: stop after this many edges.") var count: Int?
        @Option(help: "With --watch: stop after this many seconds; exit 1 if no edge came.") var timeout: Double?
        @Option(help: "With --set: seconds to hold the level before releasing the line.") var hold: Double = 1

        /// The consumer name technicians see in --list while diag holds a line.
        static let consumer = "laneagent-diag"

        func validate() throws {
            let modes = [list, watchLine != nil, setting != nil].filter { $0 }.count
            guard modes == 1 else { throw ValidationError("give exactly one of --list, --watch LINE and --set LINE=0|1") }
            if watchLine == nil, count != nil || timeout != nil { throw ValidationError("--count and --timeout go with --watch") }
            if let count, count < 1 { throw ValidationError("--count must be at least 1") }
            if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be more than 0 seconds") }
            if setting == nil, hold != 1 { throw ValidationError("--hold goes with --set") }
            if !(hold >= 0) { throw ValidationError("--hold must be 0 seconds or more") }
            if let setting, Self.parseSetting(setting) == nil {
                throw ValidationError("--set expects LINE=0 or LINE=1, got \(setting)")
            }
        }

        func run() async throws {
            let chip = try GPIOChips.open(self.chip)
            if list {
                try printLines(chip)
            } else if let watchLine {
                try await watch(chip, line: watchLine)
            } else if let setting, let (line, value) = Self.parseSetting(setting) {
                try await set(chip, line: line, value: value)
            }
        }

        /// `LINE=0` or `LINE=1`, split; nil otherwise.
        static func parseSetting(_ text: String) -> (line: String, value: Bool)? {
            guard let equals = text.lastIndex(of: "=") else { return nil }
            let line = String(text[..<equals])
            switch text[text.index(after: equals)...] {
            case "0" where !line.isEmpty: return (line, false)
            case "1" where !line.isEmpty: return (line, true)
            default: return nil
            }
        }

        private func printLines(_ chip: any GPIOChip) throws {
            let lines = try chip.lines()
            if json {
                Console.json(.array(lines.map { line in
                    [
                        "offset": .number(Double(line.offset)), "name": line.name.map(JSONValue.string) ?? .null,
                        "consumer": line.consumer.map(JSONValue.string) ?? .null,
                        "direction": .string(line.isOutput ? "output" : "input"), "used": .bool(line.isUsed), "activeLow": .bool(line.activeLow),
                    ]
                }))
                return
            }
            let rows = [["OFFSET", "NAME", "CONSUMER", "DIRECTION", "USED", "ACTIVE-LOW"]] + lines.map { line in
                [String(line.offset), line.name ?? "-", line.consumer ?? "-", line.isOutput ? "output" : "input",
                 line.isUsed ? "yes" : "no", line.activeLow ? "yes" : "no"]
            }
            let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
            for row in rows {
                print(row.indices.map { row[$0].padding(toLength: widths[$0] + 2, withPad: " ", startingAt: 0) }
                    .joined().trimmingCharacters(in: .whitespaces))
            }
        }

        /// Prints edges until Ctrl-C, `--count` edges or `--timeout`.
        private func watch(_ chip: any GPIOChip, line name: String) async throws {
            let input = try chip.requestInput(name, consumer: Self.consumer)
            defer { input.release() }
            let level = try input.value()
            let (json, count, timeout) = (self.json, self.count, self.timeout)
            let chipName = chip.name
            let seen = EdgeCount()
            _ = try await Interruption.run {
                Console.error("watching \(name) on \(chipName), now \(level ? 1 : 0) (Ctrl-C stops)")
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await edge in input.edges {
                            if json {
                                Console.writeUnbuffered(String(decoding: CanonicalJSON.encode([
                                    "time": .string(edge.time.rfc3339), "line": .string(edge.line), "value": .number(edge.value ? 1 : 0),
                                ]), as: UTF8.self))
                            } else {
                                Console.writeUnbuffered("\(edge.time.rfc3339) \(edge.line) \(edge.value ? 1 : 0)")
                            }
                            if await seen.increment() == count { return }
                        }
                    }
                    if let timeout {
                        group.addTask { try await Task.sleep(for: .milliseconds(Int64(timeout * 1000))) }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            }
            if timeout != nil, await seen.value == 0 {
                throw CommandFailure.fault("no edge on \(name) within \(Self.seconds(timeout ?? 0))")
            }
        }

        /// Requests `line` as an output at `value`, holds it, releases it, and says so.
        private func set(_ chip: any GPIOChip, line name: String, value: Bool) async throws {
            let output = try chip.requestOutput(name, consumer: Self.consumer, initial: value)
            let setAt = Timestamp.now()
            Console.error("set \(name) on \(chip.name) to \(value ? 1 : 0); holding for \(Self.seconds(hold)) (Ctrl-C releases sooner)")
            let hold = self.hold
            let interrupted = try await Interruption.run { try await Task.sleep(for: .milliseconds(Int64(hold * 1000))) }
            output.release()
            let heldMilliseconds = Timestamp.now().millisecondsSinceEpoch - setAt.millisecondsSinceEpoch
            if json {
                Console.json([
                    "chip": .string(chip.name), "line": .string(name), "value": .number(value ? 1 : 0), "time": .string(setAt.rfc3339),
                    "heldMilliseconds": .number(Double(heldMilliseconds)), "interrupted": .bool(interrupted),
                ])
            } else {
                print("\(setAt.rfc3339) \(chip.name) \(name) set to \(value ? 1 : 0), held \(heldMilliseconds) ms, released "
                      + "(libgpiod v1 leaves the level as it was; the agent asserts its own safe state when it starts)")
            }
        }

        static func seconds(_ value: Double) -> String {
            value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
        }
    }
}

/// Edges counted across the watch's tasks.
private actor EdgeCount {
    private(set) var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}
