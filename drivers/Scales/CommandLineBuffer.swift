/// Collects command lines a host sends to a simulated indicator (ended by `CR`, `LF` or both).
struct CommandLineBuffer: Sendable {
    private var pending: [UInt8] = []

    /// The complete lines in `bytes` (after what was pending), without their line ends.
    mutating func lines(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == 0x0D || byte == 0x0A {
                if !pending.isEmpty { lines.append(String(decoding: pending, as: UTF8.self)) }
                pending.removeAll()
            } else if pending.count < 256 {
                pending.append(byte)
            }
        }
        return lines
    }
}
