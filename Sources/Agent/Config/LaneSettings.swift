import LaneIO
import LaneModel
import Rules

/// One `[[lanes]]` entry: a lane this board decides for, the devices that feed it, its rule
/// pack and its GPIO lines.
public struct LaneSettings: Sendable, Equatable {
    public var id: String
    public var kind: LaneKind
    /// Ids of configured `[[devices]]` whose readings and faults belong to this lane.
    public var devices: [String]
    /// The rule pack file (absolute, or resolved against the config file's folder).
    public var rulesPath: String
    /// The pack as read when the configuration was loaded.
    public var rulePack: RulePack
    /// `[lanes.gpio]`: which chip, and which of its lines does what.
    public var gpio: LaneGPIOSettings

    public init(id: String, kind: LaneKind, devices: [String], rulesPath: String, rulePack: RulePack, gpio: LaneGPIOSettings) {
        self.id = id
        self.kind = kind
        self.devices = devices
        self.rulesPath = rulesPath
        self.rulePack = rulePack
        self.gpio = gpio
    }
}

/// `[lanes.gpio]` of a lane.
public struct LaneGPIOSettings: Sendable, Equatable {
    /// What `chip = "simulated"` selects: an in-process chip for the demo and for trying a config.
    public static let simulatedChip = "simulated"

    /// A GPIO character device name such as `gpiochip0`, or `simulated`.
    public var chip: String
    public var lines: LaneLineNames

    public init(chip: String, lines: LaneLineNames) {
        self.chip = chip
        self.lines = lines
    }
}
