import LaneModel

/// One ATTLOG record as a ZKTeco terminal uploads it, tab-separated:
/// `PIN  YYYY-MM-DD HH:MM:SS  status  verify  workcode  reserved…` (the fields after verify
/// are optional and not read).
public struct ZKTecoAttendanceLine: Sendable, Hashable {
    /// Why a line is not an ATTLOG record. Never quotes the line: the PIN identifies a person.
    public struct Problem: Error, Sendable, Hashable {
        public let reason: String
    }

    /// The user's PIN on the terminal.
    public var pin: String
    /// The terminal's local time, converted to UTC with the configured offset.
    public var time: Timestamp
    /// Check-in/out state (0 check-in, 1 check-out, …): not used for verification, kept for tracing.
    public var status: Int
    /// How the user verified: 1 fingerprint, 15 face, 0 password, 2 card, …
    public var verifyMode: Int

    public init(pin: String, time: Timestamp, status: Int, verifyMode: Int) {
        self.pin = pin
        self.time = time
        self.status = status
        self.verifyMode = verifyMode
    }

    /// Fingerprint verification.
    public static let fingerprintMode = 1
    /// Face verification.
    public static let faceMode = 15

    /// Parses one line (without its line break).
    public static func parse(_ line: Substring, utcOffsetMinutes: Int) throws(Problem) -> ZKTecoAttendanceLine {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: " ") }
        guard fields.count >= 4 else { throw Problem(reason: "\(fields.count) tab-separated fields, at least 4 expected (PIN, time, status, verify)") }
        guard !fields[0].isEmpty else { throw Problem(reason: "PIN: empty") }
        guard let time = TerminalTime.parse(local: fields[1], utcOffsetMinutes: utcOffsetMinutes) else {
            throw Problem(reason: "time: not YYYY-MM-DD HH:MM:SS")
        }
        guard let status = Int(fields[2]) else { throw Problem(reason: "status: not a number") }
        guard let verify = Int(fields[3]), verify >= 0 else { throw Problem(reason: "verify: not a number") }
        return ZKTecoAttendanceLine(pin: fields[0], time: time, status: status, verifyMode: verify)
    }
}

extension Substring {
    /// Without leading and trailing `character`s.
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
