/// One driver as `laneagent diag drivers` lists it and `[[devices]]` names it.
public struct DriverDescription: Sendable, Hashable {
    /// How the driver reaches its device.
    public enum Transport: String, Sendable, Hashable {
        /// A serial line (RS-232/485, USB-serial, USB CDC-ACM).
        case serial
        /// HTTP pushes to the device gateway.
        case http
        /// A Linux input device (`/dev/input/event*`), for USB HID keyboard-mode readers.
        case evdev
        /// A folder the device writes result files into.
        case folder
        /// A smart-card reader through pcscd (PC/SC), for passport chips.
        case pcsc
    }

    /// The `driver` name in `[[devices]]`.
    public let name: String
    /// The device kinds (`[[devices]] kind`) this driver serves.
    public let kinds: [String]
    public let transport: Transport
    /// The protocol, as a technician would look it up.
    public let protocolName: String
    /// The `[[devices]]` keys this driver reads besides the common and transport ones, each with
    /// what a valid value is.
    public let options: [DriverOption]
    /// The names of `options`.
    public var optionKeys: [String] { options.map(\.key) }
    /// The driver's folder under `drivers/`: README, `sample.toml`, `Fixtures/`.
    public let folder: String
    /// USB devices this driver claims, for `diag usb` and generated udev rules.
    public let usbIdentities: [USBIdentity]
    /// How far the driver is proven against real devices' traffic.
    public let verification: DriverVerification
    /// Paths the device uses whatever its configured id, for drivers whose firmware fixes them.
    public let fixedRoutes: FixedRoutes?
    /// How the driver's device is simulated, for `diag simulate`, the demo and tests; nil when it is not.
    public private(set) var simulator: DriverSimulator?
    private let makeEventDriver: (@Sendable (EventDriverOptions) -> any EventDriver)?
    private let makeReadingSession: (@Sendable (_ device: String, _ options: DriverOptionValues) -> ReadingSession)?

    /// A driver; `eventDriver` builds the decoder of an HTTP push driver for one configured device,
    /// `readingSession` the session of a serial or input-device reader for one connection, and
    /// `simulator` how its device is simulated.
    public init(name: String, kinds: [String], transport: Transport, protocolName: String, options: [DriverOption] = [],
                folder: String, usbIdentities: [USBIdentity] = [], verification: DriverVerification,
                fixedRoutes: FixedRoutes? = nil, eventDriver: (@Sendable (EventDriverOptions) -> any EventDriver)? = nil,
                readingSession: (@Sendable (_ device: String, _ options: DriverOptionValues) -> ReadingSession)? = nil,
                simulator: DriverSimulator? = nil) {
        self.fixedRoutes = fixedRoutes
        self.simulator = simulator
        self.makeEventDriver = eventDriver
        self.makeReadingSession = readingSession
        self.name = name
        self.kinds = kinds
        self.transport = transport
        self.protocolName = protocolName
        self.options = options
        self.folder = folder
        self.usbIdentities = usbIdentities
        self.verification = verification
    }

    /// The HTTP push decoder for a device configured with `options`; nil for a driver that is not one.
    public func eventDriver(_ options: EventDriverOptions = EventDriverOptions()) -> (any EventDriver)? {
        makeEventDriver?(options)
    }

    /// Whether the driver is a reader with a `readingSession`.
    public var hasReadingSession: Bool { makeReadingSession != nil }

    /// A session turning one connection's bytes into readings of `device`, configured with its
    /// checked `options`; nil for a driver that is not a reader.
    public func readingSession(device: String, options: DriverOptionValues = DriverOptionValues()) -> ReadingSession? {
        makeReadingSession?(device, options)
    }

    /// This description with `simulator`, for a family whose simulator is made from a value that holds the description.
    public func simulated(by simulator: DriverSimulator) -> DriverDescription {
        var simulated = self
        simulated.simulator = simulator
        return simulated
    }

    // A driver is its name: two descriptions of one name describe one driver.
    public static func == (lhs: DriverDescription, rhs: DriverDescription) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
