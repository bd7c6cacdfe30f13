/// Durations in decision details, in the largest units that keep them readable ("3 h 20 min").
enum ElapsedTime {
    /// `seconds` as "45 s", "12 min" or "26 h 5 min".
    static func text(seconds: Int64) -> String {
        let seconds = max(seconds, 0)
        if seconds < 60 { return "\(seconds) s" }
        if seconds < 3600 { return "\(seconds / 60) min" }
        let minutes = seconds / 60 % 60
        return minutes == 0 ? "\(seconds / 3600) h" : "\(seconds / 3600) h \(minutes) min"
    }
}
