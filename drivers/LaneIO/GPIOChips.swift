import Foundation

/// The machine's real GPIO chips (simulated chips are made directly with `SimulatedChip`).
public enum GPIOChips {
    /// Opens the real chip `name` (`gpiochip0`) or path (`/dev/gpiochip0`) through libgpiod.
    public static func open(_ name: String) throws(GPIOError) -> any GPIOChip {
        try LibgpiodChip(name)
    }

    /// The GPIO character devices present, such as `["gpiochip0", "gpiochip1"]`, in number order.
    public static func available(in directory: String = "/dev") -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("gpiochip") }.sorted {
            (Int($0.dropFirst(8)) ?? .max, $0) < (Int($1.dropFirst(8)) ?? .max, $1)
        }
    }
}
