import Foundation
import LaneModel

/// Verifies an exported NDJSON file of envelopes: the logic of `laneagent journal verify`.
public enum EnvelopeFileVerifier {
    /// A verified file's extent.
    public struct Summary: Sendable, Equatable {
        public let records: Int
        public let firstSeq: Int
        public let lastSeq: Int
    }

    /// The first line that failed and why.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let line: Int
        public let failure: VerificationFailure
        public var description: String { "line \(line): \(failure)" }
    }

    /// Checks every line; stops at the first failure.
    public static func verify(path: String, keys: VerificationKeys) throws(JournalError) -> Result<Summary, Failure> {
        var reader = try NDJSONLineReader(path: path)
        var verifier = ChainVerifier(keys: keys)
        var lineNumber = 0
        while let line = reader.next() {
            lineNumber += 1
            if case .failure(let failure) = verifier.verify(line: line) {
                return .failure(Failure(line: lineNumber, failure: failure))
            }
        }
        guard verifier.count > 0 else {
            return .failure(Failure(line: 1, failure: VerificationFailure(reason: .malformedJSON, detail: "the file holds no records")))
        }
        return .success(Summary(records: verifier.count, firstSeq: verifier.firstSeq, lastSeq: verifier.lastSeq))
    }
}
