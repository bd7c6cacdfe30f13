import DeviceKit
import LaneModel

/// What one ZKTeco log upload (ATTLOG or rtlog) held: readings, lines skipped with the reason,
/// malformed lines and lines whose codes are not in the vendor's tables. Lines are named by
/// number, never by PIN.
struct VerificationLog {
    let table: String
    var received = 0
    var readings: [Reading] = []
    var skipped: [String: [Int]] = [:]
    var malformed: [String] = []
    var unknown: [String] = []

    init(table: String) { self.table = table }

    mutating func skip(_ reason: String, line: Int) { skipped[reason, default: []].append(line) }

    /// The records of numbered `lines` that `parse` accepts, each counted as received; the
    /// others are counted as malformed with the reason.
    mutating func read<Record>(_ lines: [(Int, Substring)],
                               _ parse: (Substring) throws(ZKTecoAttendanceLine.Problem) -> Record) -> [(Int, Record)] {
        var records: [(Int, Record)] = []
        for (number, line) in lines {
            received += 1
            do { records.append((number, try parse(line))) } catch { malformed.append("line \(number) (\(error.reason))") }
        }
        return records
    }

    /// A verification by `mode`: a face reading and a fingerprint reading for each factor the
    /// terminal checked; noted as skipped when it checked neither, unknown when the mode is not
    /// in the table.
    mutating func add(_ mode: ZKTecoVerifyMode, passed: Bool, subject: String?, time: Timestamp, vendorEvent: String, line: Int,
                      device: String, terminal: TerminalSettings) {
        guard mode.isKnown else {
            unknown.append("line \(line) (\(mode.description) is not in the verify mode table)")
            return
        }
        let match = BiometricMatch(passed: passed, score: nil, subject: subject, vendorEvent: vendorEvent, terminal: terminal.declared)
        if mode.checkedFace { readings.append(Reading(device: device, time: time, detail: .face(match))) }
        if mode.checkedFingerprint { readings.append(Reading(device: device, time: time, detail: .fingerprint(match))) }
        if !mode.checkedFace && !mode.checkedFingerprint { skip("\(mode.description) (not a face or fingerprint)", line: line) }
    }

    /// The outcome, answered with `reply`.
    func outcome(reply: String) -> EventOutcome {
        var note = "\(table): \(received) line\(received == 1 ? "" : "s"), \(readings.count) reading\(readings.count == 1 ? "" : "s")"
        for (reason, lines) in skipped.sorted(by: { $0.key < $1.key }) {
            note += "; skipped \(reason): line\(lines.count == 1 ? "" : "s") \(lines.map(String.init).joined(separator: ", "))"
        }
        if !malformed.isEmpty { note += "; malformed: " + malformed.joined(separator: ", ") }
        if !unknown.isEmpty { note += "; not understood: " + unknown.joined(separator: ", ") }
        var problems: [String] = []
        if !malformed.isEmpty { problems.append("\(table) malformed: " + malformed.joined(separator: ", ")) }
        if !unknown.isEmpty { problems.append("\(table) not understood: " + unknown.joined(separator: ", ")) }
        return EventOutcome(readings: readings, reply: .text(reply), note: note, problems: problems)
    }
}
