import Agent
import BoardTools
import Foundation
import LaneModel
import Testing

/// One recorded event file under `Fixtures/<name>/` with what replaying it must print:
/// `expected.ndjson` (the decision, override and actuation lines) and, when the file has bad
/// lines, `expected-stderr.txt` (`events.ndjson:LINE: what is wrong`, one per bad line).
///
/// An expected decision line lists only the rules that did not pass (`{"rule","outcome"}`, with
/// `detail` when the wording matters) and leaves out `rulePack`, which every decision must carry
/// as the fixtures' pack; every other member must match exactly.
struct ReplayFixture: Sendable, CustomTestStringConvertible {
    static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.path
    static let configPath = folder + "/agent.toml"
    static let rulesPath = folder + "/rules.toml"
    static let referencePath = folder + "/reference.json"

    /// Every fixture folder, by name.
    static let names: [String] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return entries.filter { FileManager.default.fileExists(atPath: "\(folder)/\($0)/events.ndjson") }.sorted()
    }()

    let name: String
    var testDescription: String { name }
    var eventsPath: String { "\(Self.folder)/\(name)/events.ndjson" }

    /// The expected output lines, parsed.
    var expected: [JSONValue] {
        get throws {
            let text = try String(contentsOfFile: "\(Self.folder)/\(name)/expected.ndjson", encoding: .utf8)
            return try text.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        }
    }

    /// The expected stderr lines (none when the file has no bad lines).
    var expectedProblems: [String] {
        let path = "\(Self.folder)/\(name)/expected-stderr.txt"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// What a replay printed.
    struct Run {
        var lines: [JSONValue]
        var problems: [String]
        var counts: ReplayCounts
    }

    /// Replays the fixture in-process, with the fixtures' config, pack and reference data.
    func replay(rules: String? = nil, reference: String? = ReplayFixture.referencePath) throws -> Run {
        let session = try ReplaySession(config: try AgentConfig.load(path: Self.configPath), rulesPath: rules, referencePath: reference)
        var lines: [JSONValue] = []
        var problems: [String] = []
        let counts = try session.run(eventsPath: eventsPath, output: { lines.append(try! JSONParser.parse(Array($0.utf8))) },
                                     problem: { problems.append($0.replacingOccurrences(of: eventsPath, with: "events.ndjson")) })
        return Run(lines: lines, problems: problems, counts: counts)
    }

    /// `line` reduced to what an expected line pins: the rules that did not pass, no rule pack.
    static func reduced(_ line: JSONValue, like expected: JSONValue) -> JSONValue {
        guard case .object(var members) = line, case .object(let wanted) = expected else { return line }
        for key in members.keys where wanted[key] == nil && key != "reasons" { members[key] = nil }
        if case .array(let reasons)? = members["reasons"] {
            let wantedReasons = wanted["reasons"]?.arrayValue ?? []
            let notPassed = reasons.filter { $0["outcome"] != "pass" }
            members["reasons"] = .array(notPassed.enumerated().map { index, reason in
                var kept: [String: JSONValue] = ["rule": reason["rule"] ?? .null, "outcome": reason["outcome"] ?? .null]
                if index < wantedReasons.count, wantedReasons[index]["detail"] != nil { kept["detail"] = reason["detail"] }
                return .object(kept)
            })
        }
        return .object(members)
    }

    /// A line for failure messages.
    static func text(_ value: JSONValue) -> String { String(decoding: CanonicalJSON.encode(value), as: UTF8.self) }
}
