import Foundation
import Journal
import Uplink

/// The `clock` line: the kernel's sync state (lanes REFER every crossing while it is
/// unsynchronised) and the difference from the clearance service's clock.
public enum ClockCheck {
    /// What is known of the server's clock.
    public enum Skew: Sendable, Equatable {
        /// No `[uplink]`: nothing to compare with.
        case notConfigured
        /// Local minus server, in seconds.
        case measured(Double)
        /// The uplink check did not get as far as the server's `Date`.
        case unavailable(String)
    }

    /// The sync state in words, as `diag clock` prints it.
    public static func describe(_ reading: KernelClock.Reading) -> String {
        let state = reading.state.map { "adjtimex state \($0) \(stateName($0))" } ?? "adjtimex failed"
        let error = reading.estimatedErrorMicroseconds.map { "estimated error \(milliseconds($0))" } ?? "estimated error unknown"
        return "\(reading.sync == .synced ? "synchronised" : "NOT synchronised") (\(state)), \(error)"
    }

    /// Microseconds as `1.2 ms` or `16 s`.
    public static func milliseconds(_ microseconds: Int) -> String {
        microseconds >= 1_000_000 ? String(format: "%.0f s", Double(microseconds) / 1e6) : String(format: "%.1f ms", Double(microseconds) / 1e3)
    }

    /// The adjtimex return value's name.
    public static func stateName(_ state: Int32) -> String {
        switch state {
        case 0: "TIME_OK"
        case 1: "TIME_INS"
        case 2: "TIME_DEL"
        case 3: "TIME_OOP"
        case 4: "TIME_WAIT"
        case 5: "TIME_ERROR"
        default: "unknown"
        }
    }

    /// The check line from the kernel's reading and the server skew.
    public static func check(_ reading: KernelClock.Reading, source: ClockStateSource, skew: Skew) -> SelfTestCheck {
        var detail = describe(reading)
        if let substitution = source.substitution { detail += " [substituted by \(substitution)]" }
        guard reading.sync == .synced else {
            return SelfTestCheck("clock", nil, .fail, detail,
                                 remedy: """
                                     start time synchronisation (timedatectl status; systemd-timesyncd or chrony) and check the NTP server is \
                                     reachable; until then every record says clock unsynced and lanes REFER instead of CLEAR
                                     """)
        }
        switch skew {
        case .notConfigured:
            return SelfTestCheck("clock", nil, .ok, detail + "; no [uplink] to compare with")
        case .measured(let seconds):
            let text = "\(detail); local − server = \(String(format: "%+.0f", seconds)) s (limit ±\(Int(UplinkDiagnosis.maxSkewSeconds)) s)"
            guard abs(seconds) <= UplinkDiagnosis.maxSkewSeconds else {
                return SelfTestCheck("clock", nil, .fail, text,
                                     remedy: """
                                         the board and the clearance service disagree: point both at the site's NTP server (timedatectl \
                                         timesync-status)
                                         """)
            }
            return SelfTestCheck("clock", nil, .ok, text)
        case .unavailable(let why):
            return SelfTestCheck("clock", nil, .warn, "\(detail); skew against the server unknown: \(why)",
                                 remedy: "fix the uplink, then run the self-test again")
        }
    }
}
