/// Whether the kernel clock was synchronised (NTP/PTP) when a record was stamped.
public enum ClockSync: String, Sendable, Hashable, Codable {
    case synced
    case unsynced
}
