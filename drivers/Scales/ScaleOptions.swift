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
