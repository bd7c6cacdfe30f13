import Foundation
import LaneAgentTesting
import LaneModel
import Records
import Testing

/// Record kinds are declared once (`RecordKind`): the contract lists exactly those, the daemon's
/// code names no other, and every record a whole demo writes is one of them.
@Suite("Record kinds, declared once")
struct RecordKindTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The `enum` list of `RecordKind` in the contract, read as text (the block's `- kind` lines).
    static func contractKinds() throws -> [String] {
        let text = try String(contentsOfFile: repository + "/deploy/openapi/clearance-v1.yaml", encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: "    RecordKind:"), let list = lines[start...].firstIndex(of: "      enum:") else { return [] }
        return lines[(list + 1)...].prefix { $0.hasPrefix("        - ") }.map { String($0.dropFirst("        - ".count)) }
    }

    @Test("the contract's RecordKind enum is exactly the code's RecordKind, in order")
    func contractMatchesCode() throws {
        #expect(try Self.contractKinds() == RecordKind.allCases.map(\.rawValue))
    }

    @Test("no source file appends a record of a kind written as a string literal")
    func noLiteralKinds() throws {
        var found: [String] = []
        let sources = Self.repository + "/Sources"
        for file in FileManager.default.enumerator(atPath: sources)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: "\(sources)/\(file)", encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("append(kind: \"") || line.contains("RecordDraft(kind: \"") {
                found.append("Sources/\(file):\(number + 1)")
            }
        }
        #expect(found.isEmpty, "declare the kind in RecordKind: \(found)")
    }

    @Test("every record the demo journals is a valid record of a declared kind")
    func demoRecordsAreDeclared() async throws {
        let output = try await CLI.run("demo", "--json", "--keep")
        let summary = try JSONParser.parse(Array(output.stdout.utf8))
        let kept = try #require(summary["kept"]?.stringValue, "\(output.stdout)\n\(output.stderr)")
        defer { try? FileManager.default.removeItem(atPath: kept) }
        let export = kept + "/export.ndjson"
        let exported = try await CLI.run("journal", "export", "--config", kept + "/agent.toml", "--out", export)
        #expect(exported.status == 0, "\(exported.stderr)")
        let declared = Set(RecordKind.allCases.map(\.rawValue))
        var seen: Set<String> = []
        let lines = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 50)
        for line in lines {
            let envelope = try Envelope(parsing: Array(line.utf8))
            let record = try Record(parsing: try JSONParser.parse(envelope.payload))
            #expect(declared.contains(record.kind), "seq \(record.seq): kind \(record.kind)")
            seen.insert(record.kind)
        }
        #expect(seen.isSuperset(of: ["agent.started", "crossing.decision", "lane.actuation", "reading.plate", "reading.weight", "device.fault"]), "\(seen.sorted())")
    }
}
