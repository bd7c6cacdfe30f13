import Foundation
import LaneModel

/// A journal's counts, sizes and faults, as `laneagent journal status` prints them.
public struct JournalStatus: Sendable, Equatable {
    public let device: String
    public let firstSeq: Int
    public let lastSeq: Int
    public let ackedThrough: Int
    /// Records not yet acknowledged by the central service.
    public var pending: Int { max(0, lastSeq - ackedThrough) }
    /// Bytes of the SQLite file with its WAL and shared-memory files.
    public let fileBytes: Int64
    /// Bytes free for the journal on its file system.
    public let freeBytes: Int64
    public let faults: [JournalFault]

    /// The status as one JSON object (the `--json` contract).
    public var jsonValue: JSONValue {
        .object([
            "device": .string(device), "firstSeq": .number(Double(firstSeq)), "lastSeq": .number(Double(lastSeq)),
            "ackedThrough": .number(Double(ackedThrough)), "pending": .number(Double(pending)),
            "fileBytes": .number(Double(fileBytes)), "freeBytes": .number(Double(freeBytes)),
            "faults": .array(faults.map(\.jsonValue)),
        ])
    }

    static func read(_ database: JournalDatabase, paths: JournalPaths, device: String?, options: JournalOptions) throws(JournalError) -> JournalStatus {
        let bounds = try database.bounds()
        let meta = try database.meta()
        let fileBytes = paths.databaseFiles.reduce(Int64(0)) { total, file in
            var info = stat()
            return total + (stat(file, &info) == 0 ? Int64(info.st_size) : 0)
        }
        let free = options.freeBytes(paths.stateDirectory)
        var faults: [JournalFault] = []
        if let free, free < options.minFreeBytes {
            faults.append(.lowDiskSpace(freeBytes: free, minimumBytes: options.minFreeBytes))
        }
        return JournalStatus(
            device: device ?? meta?.device ?? "", firstSeq: bounds.first, lastSeq: bounds.last,
            ackedThrough: meta?.ackedThrough ?? 0, fileBytes: fileBytes, freeBytes: free ?? -1, faults: faults)
    }
}

/// A condition the journal reports while it keeps working.
public enum JournalFault: RecordBody, Equatable, CustomStringConvertible {
    /// Free space under `[journal] min_free_mb`: appends continue while the disk has room.
    case lowDiskSpace(freeBytes: Int64, minimumBytes: Int64)

    /// A stable code for logs, metrics and records.
    public var code: String {
        switch self {
        case .lowDiskSpace: "LA-JOURNAL-LOWDISK"
        }
    }

    public var description: String {
        switch self {
        case .lowDiskSpace(let free, let minimum):
            "\(code): only \(free / 1_048_576) MB free for the journal, under min_free_mb = \(minimum / 1_048_576); free space or move state_dir before the disk fills"
        }
    }

    /// The body of its `journal.fault` record, and its entry in `journal status --json`.
    public var recordKind: RecordKind { .journalFault }

    public func write(to members: inout RecordMembers) {
        switch self {
        case .lowDiskSpace(let free, let minimum):
            members.required("code", code)
            members.required("message", description)
            members.required("freeBytes", free)
            members.required("minFreeBytes", minimum)
        }
    }
}
