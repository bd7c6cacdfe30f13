/// How one driver's device is simulated: the medium it acts on, the `laneagent diag simulate`
/// command that runs it, and a factory for the family's simulator.
///
/// Families simulate different things (an indicator serving a pseudo-terminal, a camera's
/// requests, a keyboard's events, a card), so what the factory makes is the family's own type:
/// a value (`ScaleDriver`, `any PlateEventSimulator`) or, for a family whose simulator is a set of
/// static builders, that type itself. A caller asks for the type it can use and gets nil for
/// any other, which is how `diag simulate scale --driver hikvision-anpr` says "unknown driver".
public struct DriverSimulator: Sendable {
    /// The `laneagent diag simulate` subcommand that runs a driver's simulator.
    public struct Command: Sendable, Hashable {
        /// The subcommand's name, such as `scale`.
        public let name: String
        /// Whether the subcommand serves several drivers and takes the one to play with `--driver NAME`.
        public let takesDriver: Bool

        public init(_ name: String, takesDriver: Bool = false) {
            self.name = name
            self.takesDriver = takesDriver
        }

        /// The command line simulating `driver`, as `diag drivers` prints it.
        public func invocation(driver: String) -> String {
            "laneagent diag simulate \(name)" + (takesDriver ? " --driver \(driver)" : "")
        }
    }

    /// What the simulator acts on.
    public let medium: SimulatorMedium
    /// The `diag simulate` subcommand running it; nil when only tests and the demo drive it.
    public let command: Command?
    private let makeSimulator: @Sendable () -> any Sendable

    /// A simulator acting on `medium`, run by `command`, made by `make` each time one is asked for.
    public init<Simulator: Sendable>(_ medium: SimulatorMedium, command: Command? = nil, make: @escaping @Sendable () -> Simulator) {
        self.medium = medium
        self.command = command
        self.makeSimulator = make
    }

    /// A new simulator as the family's `type`; nil when this driver's simulator is of another type.
    public func make<Simulator>(_ type: Simulator.Type) -> Simulator? { makeSimulator() as? Simulator }
}
