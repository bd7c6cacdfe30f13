/// A device plugged in or pulled out.
public struct USBHotplugEvent: Sendable, Hashable {
    /// Which way it went.
    public enum Change: String, Sendable {
        case arrived, left
    }

    public let change: Change
    /// The device; for one that left, what was known of it when it arrived (strings included
    /// when it arrived while watching), else only its descriptor and position.
    public let device: USBDevice

    public init(change: Change, device: USBDevice) {
        self.change = change
        self.device = device
    }
}
