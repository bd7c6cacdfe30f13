import Journal
import LaneModel

/// `/readyz`: whether this board can decide for its lanes now. Ready when the journal is open
/// and committing, every lane loop runs and the disk has more free space than
/// `[journal] min_free_mb`; each check says what it found.
public struct ReadinessReport: Sendable {
    /// One line of the report.
    public struct Check: Sendable, Equatable {
        public let name: String
        public let ok: Bool
        public let detail: String
    }

    public let checks: [Check]

    public var ready: Bool { checks.allSatisfy(\.ok) }

    public init(_ snapshot: DaemonSnapshot) {
        var checks: [Check] = []
        switch snapshot.journal {
        case .success(let status):
            let stalled = snapshot.hung.filter { $0.hasPrefix("journal:") }
            checks.append(Check(name: "journal", ok: stalled.isEmpty,
                                detail: stalled.first ?? "open, last seq \(status.lastSeq), \(status.pending) pending upload"))
            let free = status.freeBytes
            let enough = free >= snapshot.minFreeBytes
            // The journal reports -1 when statvfs fails: unknown space is not enough space.
            checks.append(Check(name: "disk", ok: enough,
                                detail: (free < 0 ? "free space unknown (statvfs failed on state_dir)" : "\(Self.megabytes(free)) MB free")
                                    + ", minimum \(Self.megabytes(snapshot.minFreeBytes)) MB ([journal] min_free_mb)"
                                    + (enough ? "" : "; free space or move state_dir")))
        case .failure(let error):
            checks.append(Check(name: "journal", ok: false, detail: "cannot be read: \(error)"))
            checks.append(Check(name: "disk", ok: false, detail: "unknown: the journal's status cannot be read"))
        }
        if snapshot.lanes.isEmpty {
            checks.append(Check(name: "lanes", ok: true, detail: "no [[lanes]] configured"))
        } else {
            let stopped = snapshot.lanes.filter { !$0.running }
            let problems = snapshot.hung.filter { $0.hasPrefix("lane ") }
            checks.append(Check(name: "lanes", ok: stopped.isEmpty,
                                detail: stopped.isEmpty ? """
                                    \(snapshot.lanes.count) lane(s) running: \(snapshot.lanes.map(\.id).joined(separator: ", "))
                                    """
                                    : problems.first ?? "not running yet: \(stopped.map(\.id).joined(separator: ", "))"))
        }
        self.checks = checks
    }

    /// `{"status":"ready"|"not-ready","checks":[{"name","ok","detail"}]}`.
    public var jsonValue: JSONValue {
        ["status": .string(ready ? "ready" : "not-ready"),
         "checks": .array(checks.map { ["name": .string($0.name), "ok": .bool($0.ok), "detail": .string($0.detail)] })]
    }

    private static func megabytes(_ bytes: Int64) -> Int64 { bytes / 1_048_576 }
}
