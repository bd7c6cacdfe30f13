import DeviceKit

/// Per-device settings of the scale drivers, from `[[devices]]`; each driver reads its own.
public struct ScaleOptions: Sendable, Hashable {
    /// Yaohua: consecutive frames that must agree before a weight is stable.
    public var stableFrames = 5
    /// Yaohua: how far (±kg) from the first of those frames the others may be.
    public var stableBandKg = 20.0
    /// Yaohua: how long (ms) the agreeing frames must span.
    public var stableMilliseconds = 1000
    /// Toledo: whether the indicator sends the checksum byte after `CR` (its setting).
    public var checksum = true
    /// MT-SICS and SMA: how often (ms) to ask for the weight.
    public var pollMilliseconds = 200

    public init() {}
}

/// The `[[devices]]` keys of the scale drivers, with what a valid value is; each driver
/// declares the ones it reads (`ScaleDrivers`).
public enum ScaleOption {
    public static let stableFrames = DriverOption("stable_frames", .integer(1...100, unit: "frames"))
    public static let stableBandKg = DriverOption("stable_band_kg", .number(0...10_000, unit: "kg"))
    public static let stableMilliseconds = DriverOption("stable_ms", .integer(0...60_000, unit: "ms"))
    public static let checksum = DriverOption("checksum", .boolean)
    public static let pollMilliseconds = DriverOption.pollMilliseconds
}

extension ScaleOptions {
    /// The defaults, with what the device's checked options set.
    public init(_ values: DriverOptionValues) {
        self.init()
        if let frames = values.integer(ScaleOption.stableFrames) { stableFrames = frames }
        if let band = values.number(ScaleOption.stableBandKg) { stableBandKg = band }
        if let milliseconds = values.integer(ScaleOption.stableMilliseconds) { stableMilliseconds = milliseconds }
        if let checksum = values.boolean(ScaleOption.checksum) { self.checksum = checksum }
        if let milliseconds = values.integer(ScaleOption.pollMilliseconds) { pollMilliseconds = milliseconds }
    }
}
