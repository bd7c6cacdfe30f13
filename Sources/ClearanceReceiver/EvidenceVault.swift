import Crypto
import Foundation
import LaneModel

/// Central's evidence files, content-addressed under `<data>/evidence/<first two hex>/<sha256>`.
/// A file is kept only when its bytes hash to its name, so a board cannot overwrite or forge one.
struct EvidenceVault: Sendable {
    enum Outcome: Equatable {
        case created, alreadyHeld
        case mismatch(actual: String)
        case failed(String)
    }

    let directory: String

    init(dataDirectory: String) { directory = dataDirectory + "/evidence" }

    static func isHash(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    func path(_ sha256: String) -> String { "\(directory)/\(sha256.prefix(2))/\(sha256)" }

    func put(_ sha256: String, bytes: [UInt8]) -> Outcome {
        let actual = Hex.encode(SHA256.hash(data: bytes))
        guard actual == sha256 else { return .mismatch(actual: actual) }
        let path = self.path(sha256)
        if FileManager.default.fileExists(atPath: path) { return .alreadyHeld }
        do {
            try FileManager.default.createDirectory(atPath: String(path[..<path.lastIndex(of: "/")!]), withIntermediateDirectories: true)
            // Atomic: a crash leaves the whole file or none, and a retry rewrites it.
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
            return .created
        } catch {
            return .failed("\(error)")
        }
    }

    func get(_ sha256: String) -> [UInt8]? { FileManager.default.contents(atPath: path(sha256)).map(Array.init) }
}
