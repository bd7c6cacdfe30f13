import DeviceKit

/// One weighbridge indicator protocol: the description every driver of every family has (its
/// name in the configuration, protocol, options, folder, verification), and what only scales
/// have: line defaults, a decoder of frames, a simulated indicator, a poll and a zero command.
public struct ScaleDriver: Sendable {
    /// The driver as `diag drivers` lists it and `[[devices]]` names it; its simulator is this
    /// driver's indicator on a pseudo-terminal (`ScaleSimulator`), made from the `ScaleDriver`.
    public var description: DriverDescription {
        listing.simulated(by: DriverSimulator(.pseudoTerminal, command: DriverSimulator.Command("scale", takesDriver: true)) { self })
    }
    private let listing: DriverDescription
    /// The usual factory line settings.
    public let defaultSettings: SerialSettings
    /// The driver's folder under `drivers/Scales`: README, `sample.toml`, `Fixtures/`.
    public let folder: String
    /// The `driver` name in `[[devices]]`.
    public var name: String { listing.name }
    /// The protocol, as a technician would look it up.
    public var protocolName: String { listing.protocolName }
    /// The `[[devices]]` keys this driver reads besides the common ones, with what a valid value is.
    public var options: [DriverOption] { listing.options }
    /// The names of `options`.
    public var optionKeys: [String] { listing.optionKeys }
    /// What the driver sends to zero the scale, when the protocol has a zero command.
    public let zeroCommand: [UInt8]?
    /// Whether the simulator can show another unit or division than whole kg.
    public let simulatesDisplay: Bool
    /// How far the decoder is proven against real indicators' output.
    public var verification: DriverVerification { listing.verification }
    private let makeDecoder: @Sendable (ScaleOptions) -> any FrameDecoder<ScaleFrame>
    private let makeIndicator: @Sendable (ScaleOptions, IndicatorDisplay) -> any SimulatedIndicator
    private let pollRequest: [UInt8]?

    init(name: String, protocolName: String, defaultSettings: SerialSettings, folder: String, options: [DriverOption],
         verification: DriverVerification, pollRequest: [UInt8]? = nil, zeroCommand: [UInt8]? = nil, simulatesDisplay: Bool = false,
         decoder: @escaping @Sendable (ScaleOptions) -> any FrameDecoder<ScaleFrame>,
         indicator: @escaping @Sendable (ScaleOptions, IndicatorDisplay) -> any SimulatedIndicator) {
        listing = DriverDescription(name: name, kinds: ["scale"], transport: .serial, protocolName: protocolName, options: options,
                                        folder: "Scales/\(folder)", verification: verification)
        self.defaultSettings = defaultSettings
        self.folder = folder
        self.pollRequest = pollRequest
        self.zeroCommand = zeroCommand
        self.simulatesDisplay = simulatesDisplay
        self.makeDecoder = decoder
        self.makeIndicator = indicator
    }

    /// A fresh decoder for one connection.
    public func decoder(_ options: ScaleOptions = ScaleOptions()) -> any FrameDecoder<ScaleFrame> { makeDecoder(options) }

    /// The indicator's side of the protocol, for the simulator, its display set to `display`
    /// where the protocol can carry another unit or division (`simulatesDisplay`).
    public func indicator(_ options: ScaleOptions = ScaleOptions(), display: IndicatorDisplay = IndicatorDisplay()) -> any SimulatedIndicator {
        makeIndicator(options, display)
    }

    /// The weight request and its period, for polled protocols.
    public func poll(_ options: ScaleOptions) -> SerialPoll? {
        pollRequest.map { SerialPoll(request: $0, interval: .milliseconds(options.pollMilliseconds)) }
    }

    /// True when the indicator must be asked for each weight.
    public var isPolled: Bool { pollRequest != nil }

    /// Whether `bytes` hold at least one valid frame for this driver with `options`.
    public func decodesFrame(in bytes: [UInt8], options: ScaleOptions = ScaleOptions()) -> Bool {
        var decoder = decoder(options)
        return decoder.decode(bytes).contains { if case .frame = $0 { true } else { false } }
    }

    /// The decoder settings an indicator's own configuration may differ in: with and without
    /// the checksum byte for a driver that has the `checksum` key, else just the defaults.
    public var settingsToTry: [ScaleOptions] {
        guard optionKeys.contains("checksum") else { return [ScaleOptions()] }
        var without = ScaleOptions()
        without.checksum = false
        return [ScaleOptions(), without]
    }

    /// A session turning one connection's bytes into readings of `device`.
    public func session(device: String, options: ScaleOptions = ScaleOptions()) -> ScaleSession {
        ScaleSession(device: device, decoder: decoder(options), poll: poll(options),
                     stability: StabilityDetector(frames: options.stableFrames, bandKg: options.stableBandKg,
                                                  milliseconds: options.stableMilliseconds))
    }
}
