import Foundation
import LaneAgentTesting
import LaneModel

/// The JSON lines of a driver's fixture file, `drivers/CodeReaders/<folder>/Fixtures/<file>`.
enum FixtureFile {
    /// Where the family's driver folders are.
    static let familyFolder = DriverFolder.path("CodeReaders")

    static func lines(_ folder: String, _ file: String) -> [JSONValue] {
        let path = "\(familyFolder)/\(folder)/Fixtures/\(file)"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fatalError("no fixture file \(path)") }
        return text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.map { line in
            do { return try JSONParser.parse(Array(line.utf8)) } catch { fatalError("\(path): \(error)") }
        }
    }
}
