import Foundation
import LaneModel
import Records

/// The journal's open-time self-check.
enum JournalIntegrity {
    /// Checks the file and the newest records, and returns the chain head to continue from.
    static func check(_ database: JournalDatabase, key: DeviceKey, verifyNewest: Int) throws(JournalError) -> ChainHead {
        let path = database.path
        let problems = try database.quickCheck()
        guard problems.isEmpty else {
            throw .damaged(path, "SQLite quick_check found: \(problems.prefix(3).joined(separator: "; "))")
        }
        let bounds = try database.bounds()
        guard bounds.count > 0 else { return .genesis }
        guard bounds.count == bounds.last - bounds.first + 1 else {
            throw .damaged(path, "it holds \(bounds.count) records for seq \(bounds.first)…\(bounds.last); some are missing")
        }
        var verifier = ChainVerifier(keys: VerificationKeys(key))
        var last: ChainHead?
        for stored in try database.newest(max(1, verifyNewest)) {
            switch verifier.verify(line: stored.envelope) {
            case .failure(let failure):
                throw .damaged(path, "record seq \(stored.seq): \(failure)")
            case .success(let verified):
                guard verified.record.seq == stored.seq, verified.payloadHash == stored.payloadHash else {
                    throw .damaged(path, "record seq \(stored.seq): stored seq or hash disagrees with its signed payload")
                }
                last = ChainHead(seq: stored.seq, hash: stored.payloadHash)
            }
        }
        // Greater only when a writer appended between the two reads (a reader checking a live
        // journal); at open the writer lock rules that out and the newest must be bounds.last.
        guard let last, last.seq >= bounds.last else { throw .damaged(path, "the newest record cannot be read") }
        return last
    }
}
