import Foundation
import Journal

/// The kernel clock's state in words, for the daemon's log and `diag clock`.
public enum ClockText {
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
}
