import Agent
import ConfigFile
import Journal
import Lanes
import LaneModel
import Rules

/// `laneagent lane replay`: the configured lanes with their rule packs (or one pack for all)
/// and reference data, fed a file of recorded events. Reads the configuration, the pack, the
/// reference file and the events; writes nothing (no journal, no key, no state directory).
public struct ReplaySession: Sendable {
    public let config: AgentConfig
    /// The lanes as they start: idle, clock synchronised, with their pack and the reference data.
    public let lanes: [Lane]
    public let reference: ReplayReference
    public let parser: ReplayEventParser

    /// Prepares a replay of `config`'s lanes; `rulesPath` replaces every lane's pack, and
    /// `referencePath` the configured or held reference data.
    public init(config: AgentConfig, rulesPath: String? = nil, referencePath: String? = nil) throws {
        guard !config.lanes.isEmpty else { throw ReplayError.noLanes(config.path) }
        let pack: RulePack? = try rulesPath.map { path throws(ConfigError) in try RulePack.load(path: path) }
        let reference = try ReplayReference.resolve(file: referencePath, config: config)
        self.config = config
        self.reference = reference
        self.lanes = config.lanes.map { settings in
            Lane(id: settings.id, kind: settings.kind, pack: pack ?? settings.rulePack, reference: reference.data, clockSynced: true)
        }
        self.parser = ReplayEventParser(lanes: config.lanes, devices: config.devices)
    }

    /// Replays the file at `eventsPath` (`-` for standard input): each output line goes to
    /// `output`, each bad line to `problem` as `FILE:LINE: what is wrong`, and replay goes on.
    public func run(eventsPath: String, output: (String) -> Void, problem: (String) -> Void) throws(ReplayError) -> ReplayCounts {
        var reader: NDJSONLineReader
        do { reader = try NDJSONLineReader(path: eventsPath == "-" ? "/dev/stdin" : eventsPath) } catch {
            throw .events(eventsPath, "cannot be read: \(error)")
        }
        return withoutActuallyEscaping(output) { output in
            var runner = ReplayRunner(lanes: lanes) { output($0.line) }
            var events = 0
            var bad = 0
            var number = 0
            while let line = reader.next() {
                number += 1
                let content = Self.trimmed(line)
                if content.isEmpty { continue }
                events += 1
                do throws(ReplayLineError) {
                    try runner.apply(try parser.parse(content, line: number))
                } catch {
                    bad += 1
                    problem("\(eventsPath):\(error.line): \(error.message)")
                }
            }
            runner.finish()
            var counts = runner.counts
            counts.events = events
            counts.badLines = bad
            return counts
        }
    }

    /// The line without a CR before its LF, or surrounding spaces and tabs.
    static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        while let last = line.last, last == 0x0D || last == 0x20 || last == 0x09 { line.removeLast() }
        while let first = line.first, first == 0x20 || first == 0x09 { line.removeFirst() }
        return line
    }
}
