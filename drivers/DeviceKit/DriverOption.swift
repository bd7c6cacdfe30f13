/// One `[[devices]]` key a driver reads beyond the common and transport keys, with what a valid
/// value is. Declared by the driver; the configuration checks each value against it (naming the
/// line of a wrong one) and hands the driver's own options type the checked `DriverOptionValues`.
public struct DriverOption: Sendable {
    /// What a valid value is.
    public enum Kind: Sendable {
        case integer(ClosedRange<Int64>, unit: String)
        case number(ClosedRange<Double>, unit: String)
        case boolean
        /// Text the driver checks: `check` says why a value is wrong, or nil.
        case string(expected: String, required: Bool, check: @Sendable (String) -> String?)
    }

    /// The key in `[[devices]]`.
    public let key: String
    public let kind: Kind

    public init(_ key: String, _ kind: Kind) {
        self.key = key
        self.kind = kind
    }

    /// `poll_ms`: how often a polled scale is asked, or a drop folder looked at.
    public static let pollMilliseconds = DriverOption("poll_ms", .integer(50...10_000, unit: "ms"))
    /// `utc_offset_minutes`: how far a device's clock runs ahead of UTC, for times it writes without a zone.
    public static let utcOffsetMinutes = DriverOption(
        "utc_offset_minutes",
        .integer(Int64(EventDriverOptions.utcOffsetRange.lowerBound)...Int64(EventDriverOptions.utcOffsetRange.upperBound), unit: "minutes"))
}

/// A device's driver options as the configuration checked them, by key; a key not set is absent.
public struct DriverOptionValues: Sendable, Equatable {
    /// One checked value.
    public enum Value: Sendable, Equatable {
        case integer(Int64)
        case number(Double)
        case boolean(Bool)
        case string(String)
    }

    private var values: [String: Value] = [:]

    public init() {}

    public subscript(_ option: DriverOption) -> Value? {
        get { values[option.key] }
        set { values[option.key] = newValue }
    }

    public func integer(_ option: DriverOption) -> Int? {
        if case .integer(let value)? = values[option.key] { Int(exactly: value) } else { nil }
    }

    public func number(_ option: DriverOption) -> Double? {
        if case .number(let value)? = values[option.key] { value } else { nil }
    }

    public func boolean(_ option: DriverOption) -> Bool? {
        if case .boolean(let value)? = values[option.key] { value } else { nil }
    }

    public func string(_ option: DriverOption) -> String? {
        if case .string(let value)? = values[option.key] { value } else { nil }
    }
}
