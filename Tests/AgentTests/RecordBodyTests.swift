import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// Every record body is declared once, as a `RecordBody` type whose `write(to:)` spells its
/// members; the contract's `Body_<kind>` schemas must say the same, member for member.
@Suite("Record bodies, declared once")
struct RecordBodyTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The names of the types that conform to `RecordBody` in Sources, read as text.
    static func declaredBodyTypes() throws -> Set<String> {
        let pattern = try NSRegularExpression(pattern: #"(?:struct|enum|extension)\s+(\w+)\s*:[^{]*\bRecordBody\b"#)
        var names: Set<String> = []
        let sources = repository + "/Sources"
        for file in FileManager.default.enumerator(atPath: sources)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: "\(sources)/\(file)", encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                names.insert((text as NSString).substring(with: match.range(at: 1)))
            }
        }
        return names
    }

    @Test("every body type in Sources has a sample, and every kind a body type")
    func samplesCoverTheCode() throws {
        let sampled = Set(RecordBodySamples.all.map { String(describing: type(of: $0)) })
        let declared = try Self.declaredBodyTypes()
        #expect(declared.subtracting(sampled).isEmpty, "give RecordBodySamples a sample of \(declared.subtracting(sampled).sorted())")
        #expect(declared.count >= 20, "the scan of Sources found only \(declared.sorted())")
        let kinds = Set(RecordBodySamples.all.map(\.recordKind))
        #expect(Set(RecordKind.allCases).subtracting(kinds).isEmpty, "kinds without a body type: \(Set(RecordKind.allCases).subtracting(kinds).map(\.rawValue).sorted())")
    }

    @Test("a body writes only the members its type lists, and every member it lists as required")
    func bodiesWriteWhatTheyList() {
        for sample in RecordBodySamples.all {
            let listed = sample.declaredMembers
            let written = Set(sample.jsonValue.objectValue.map { Array($0.keys) } ?? [])
            let name = String(describing: type(of: sample))
            #expect(written.isSubset(of: Set(listed.map(\.name))), "\(name) wrote \(written.subtracting(listed.map(\.name)).sorted()) without listing them")
            #expect(Set(listed.filter(\.required).map(\.name)).isSubset(of: written), "\(name) left out a required member")
            #expect(Set(listed.map(\.name)).count == listed.count, "\(name) lists a member twice: \(listed.map(\.name))")
        }
    }

    @Test("the contract's Body_<kind> schemas declare exactly the members the body types write, and every sample is valid")
    func schemasMatchTheBodies() async throws {
        let folder = TemporaryDirectory("record-bodies")
        var lines: [String] = []
        for sample in RecordBodySamples.all {
            let members: JSONValue = .array(sample.declaredMembers.map { ["name": .string($0.name), "required": .bool($0.required)] })
            let line: JSONValue = [
                "kind": .string(sample.recordKind.rawValue), "type": .string(String(describing: type(of: sample))), "body": sample.jsonValue,
                "members": members,
            ]
            lines.append(String(decoding: CanonicalJSON.encode(line), as: UTF8.self))
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder.file("samples.ndjson"), atomically: true, encoding: .utf8)
        let check = try await CommandRunner.run("/usr/bin/env", ["python3", Self.repository + "/deploy/check-record-schemas.py", "--bodies", folder.file("samples.ndjson"),
                                                                 Self.repository])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("no source appends a record with a body built by hand")
    func noHandBuiltBodies() throws {
        var found: [String] = []
        let sources = Self.repository + "/Sources"
        for file in FileManager.default.enumerator(atPath: sources)?.compactMap({ $0 as? String }) ?? [] where file.hasSuffix(".swift") && !file.hasPrefix("Journal/") {
            let text = try String(contentsOfFile: "\(sources)/\(file)", encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("RecordDraft(kind:") || line.contains(".append(kind:") || (line.contains(".append(.") && line.contains("body:")) {
                found.append("Sources/\(file):\(number + 1)")
            }
        }
        #expect(found.isEmpty, "append a RecordBody instead (Sources/LaneModel/RecordBody.swift): \(found)")
    }
}
