import Foundation
import Testing

/// `docs/errors.md` lists every `LA-…` error code the source can produce, each with a cause and
/// a remedy, and nothing else: adding a code without a row, or leaving a row for a code nothing
/// produces any more, fails here.
///
/// The rule for what the source produces, over every `.swift` file under `Sources/` and
/// `drivers/`:
/// - a **produced** code is a string literal that is exactly a code, `"LA-FAMILY-NNN"` (an enum
///   raw value, a `code` property or switch arm, a factory's first argument, a record's `code`);
/// - a **mention** is a code anywhere else: inside a longer string (help text, a message such as
///   `"… (LA-GPIO-003)"`) or in a comment. A mention is not a code of its own: it must name a
///   produced code, or it is reported as stale.
@Suite("The error code reference")
struct ErrorCodesDocTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let document = "docs/errors.md"

    /// Codes found in the source, each with the files (relative to the root) it occurs in.
    struct SourceCodes {
        var produced: [String: Set<String>] = [:]
        var mentioned: [String: Set<String>] = [:]
    }

    /// One table row of the document whose first cell is a code.
    struct Row: Equatable {
        let code: String
        let line: Int
        let cause: String
        let remedy: String
    }

    /// Every `.swift` file under `root/Sources` and `root/drivers`, read with the rule above.
    static func scan(root: String) throws -> SourceCodes {
        var codes = SourceCodes()
        for folder in ["Sources", "drivers"] {
            let base = root + "/" + folder
            guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
            while let relative = walker.nextObject() as? String {
                guard relative.hasSuffix(".swift") else { continue }
                let text = try String(contentsOfFile: base + "/" + relative, encoding: .utf8)
                let file = folder + "/" + relative
                for match in text.matches(of: #/"(LA-[A-Z]+-[0-9]{3})"/#) {
                    codes.produced[String(match.output.1), default: []].insert(file)
                }
                for match in text.matches(of: #/LA-[A-Z]+-[0-9]{3}/#) {
                    codes.mentioned[String(match.output), default: []].insert(file)
                }
            }
        }
        return codes
    }

    /// The rows of every Markdown table whose first cell is a code (backticks allowed), and
    /// every code written anywhere in the document.
    static func parse(_ text: String) -> (rows: [Row], mentioned: Set<String>) {
        var rows: [Row] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("|") else { continue }
            let cells = trimmed.replacingOccurrences(of: "\\|", with: "¦").split(separator: "|", omittingEmptySubsequences: false)
                .dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = cells.first,
                  let code = first.replacingOccurrences(of: "`", with: "").wholeMatch(of: #/LA-[A-Z]+-[0-9]{3}/#) else { continue }
            rows.append(Row(code: String(code.output), line: index + 1,
                            cause: cells.count > 1 ? cells[1] : "", remedy: cells.count > 2 ? cells[2] : ""))
        }
        let mentioned = Set(text.matches(of: #/LA-[A-Z]+-[0-9]{3}/#).map { String($0.output) })
        return (rows, mentioned)
    }

    /// Everything wrong with `document` (named `name`) against `source`, one line each.
    static func problems(source: SourceCodes, document text: String, name: String) -> [String] {
        let (rows, mentioned) = parse(text)
        var problems: [String] = []
        let listed = Set(rows.map(\.code))
        let produced = Set(source.produced.keys)
        func files(_ code: String, _ table: [String: Set<String>]) -> String { (table[code] ?? []).sorted().joined(separator: ", ") }

        for code in produced.subtracting(listed).sorted() {
            problems.append("\(name) lacks \(code), produced in \(files(code, source.produced)): add a row with when it happens and what to do")
        }
        for row in rows where !produced.contains(row.code) {
            problems.append("\(name):\(row.line): \(row.code) is listed but no source produces it: remove the row, or restore the code")
        }
        for code in mentioned.subtracting(listed).subtracting(produced).sorted() {
            problems.append("\(name) mentions \(code), which no source produces and no row lists")
        }
        var seen: [String: Int] = [:]
        for row in rows {
            if let earlier = seen[row.code] {
                problems.append("\(name):\(row.line): \(row.code) is listed again (first at line \(earlier))")
            }
            seen[row.code] = seen[row.code] ?? row.line
            let hasWords = { (cell: String) in cell.contains { $0.isLetter } }
            if !hasWords(row.cause) { problems.append("\(name):\(row.line): \(row.code) has no cause (when it happens)") }
            if !hasWords(row.remedy) { problems.append("\(name):\(row.line): \(row.code) has no remedy (what to do)") }
        }
        for code in Set(source.mentioned.keys).subtracting(produced).sorted() {
            problems.append("""
                \(code) is mentioned in \(files(code, source.mentioned)) (help text, a message or a comment) but no error produces it: correct the mention, or \
                give the error a `code` that is this literal
                """)
        }
        return problems
    }

    @Test("docs/errors.md has one row with a cause and a remedy for every LA- code the source produces, and no other")
    func documentMatchesSource() throws {
        let source = try Self.scan(root: Self.repository)
        #expect(source.produced.count >= 50, "the scan found only \(source.produced.count) codes; is the repository root \(Self.repository)?")
        let text = try String(contentsOfFile: Self.repository + "/" + Self.document, encoding: .utf8)
        let problems = Self.problems(source: source, document: text, name: Self.document)
        #expect(problems.isEmpty, "\(problems.count) problem(s):\n\(problems.joined(separator: "\n"))")
    }

    @Test("a missing row, a row nothing produces, an empty cause or remedy, a duplicate and a stale mention are each reported")
    func plantedProblems() throws {
        let tree = FileManager.default.temporaryDirectory.appendingPathComponent("error-codes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: tree) }
        try FileManager.default.createDirectory(atPath: tree + "/Sources/Thing", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: tree + "/drivers/Widget", withIntermediateDirectories: true)
        try """
            enum ThingError: String { case a = "LA-THING-001"; case b = "LA-THING-002" }
            // LA-THING-001 is a mention of a produced code; LA-THING-009 is a stale one.
            """.write(toFile: tree + "/Sources/Thing/ThingError.swift", atomically: true, encoding: .utf8)
        try """
            var code: String { "LA-WIDGET-001" }
            let help = "fails with (LA-WIDGET-001)"
            """.write(toFile: tree + "/drivers/Widget/WidgetError.swift", atomically: true, encoding: .utf8)
        let source = try Self.scan(root: tree)
        #expect(Set(source.produced.keys) == ["LA-THING-001", "LA-THING-002", "LA-WIDGET-001"])
        #expect(source.mentioned["LA-THING-009"] == ["Sources/Thing/ThingError.swift"])

        let document = """
            # Codes

            See LA-OLD-007 in prose.

            | code | when | what to do |
            |---|---|---|
            | `LA-THING-001` | the thing broke | mend it |
            | `LA-THING-001` | again | again |
            | LA-WIDGET-001 |  | unplug it |
            | `LA-GONE-001` | long ago | nothing |
            """
        let problems = Self.problems(source: source, document: document, name: "errors.md")
        let text = problems.joined(separator: "\n")
        #expect(text.contains("errors.md lacks LA-THING-002, produced in Sources/Thing/ThingError.swift"))
        #expect(text.contains("errors.md:10: LA-GONE-001 is listed but no source produces it"))
        #expect(text.contains("errors.md mentions LA-OLD-007"))
        #expect(text.contains("errors.md:8: LA-THING-001 is listed again (first at line 7)"))
        #expect(text.contains("errors.md:9: LA-WIDGET-001 has no cause"))
        #expect(text.contains("LA-THING-009 is mentioned in Sources/Thing/ThingError.swift"))
        #expect(!text.contains("no remedy"), "every planted row but one has a remedy")
        #expect(problems.count == 6, "\(text)")
    }
}
