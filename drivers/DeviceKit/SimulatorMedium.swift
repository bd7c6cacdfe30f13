/// What a driver's simulator acts on, so a tester knows where to point the agent.
public enum SimulatorMedium: String, Sendable, Hashable, CaseIterable {
    /// A serial device on a pseudo-terminal, linked where the configuration's `port` expects it.
    case pseudoTerminal = "pty"
    /// A network device posting its events over HTTP to the device gateway.
    case http
    /// Input events as a USB HID keyboard-mode reader types them (`/dev/input/event*` records).
    case inputEvents = "input-events"
    /// Result files written into the drop folder the driver watches.
    case folder
    /// Simulated cards laid on the reader (the device's `transport = "simulated"`), no pcscd.
    case simulatedCards = "simulated-cards"
}
