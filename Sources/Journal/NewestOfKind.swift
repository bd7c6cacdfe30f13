import Foundation
import GRDB
import LaneModel
import Records

extension JournalDatabase {
    /// The newest record of `kind`, found from the newest seq backwards: the records after it
    /// are read, never the whole journal when it is near the end.
    func newest(kind: RecordKind) throws(JournalError) -> StoredEnvelope? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT seq, envelope FROM record WHERE kind = ? ORDER BY seq DESC LIMIT 1", arguments: [kind.rawValue])
                .map { StoredEnvelope(seq: $0[0], bytes: Array($0[1] as Data)) }
        }
    }
}

extension Journal {
    /// The newest record of `kind` the journal holds, as stored.
    public func newest(kind: RecordKind) throws(JournalError) -> StoredEnvelope? { try database.newest(kind: kind) }
}

extension JournalReader {
    /// The newest record of `kind` the journal holds, as stored.
    public func newest(kind: RecordKind) throws(JournalError) -> StoredEnvelope? { try database.newest(kind: kind) }
}
