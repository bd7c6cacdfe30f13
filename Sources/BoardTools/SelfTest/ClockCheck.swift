import Agent
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

    /// The check line from the kernel's reading and the server skew.
    public static func check(_ reading: KernelClock.Reading, source: ClockStateSource, skew: Skew) -> SelfTestCheck {
        var detail = ClockText.describe(reading)
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
