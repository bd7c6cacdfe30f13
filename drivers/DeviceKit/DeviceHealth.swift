import LaneModel

/// How a device is doing, as diagnostics and the lane see it.
public struct DeviceHealth: Sendable, Hashable {
    public var device: String
    /// True while the port is open and readable.
    public var connected = false
    /// When the last frame that passed its checks arrived.
    public var lastGoodFrame: Timestamp?
    /// Frames rejected (bad checksum, garbage, truncated) since start.
    public var frameErrors = 0
    /// Times the port was opened again after it was lost.
    public var reconnects = 0
    /// Bytes read since start.
    public var bytesReceived = 0
    /// The last open or read failure, if any.
    public var lastError: String?

    public init(device: String) { self.device = device }

    /// The health as JSON, for `--json` output and status pages.
    public var jsonValue: JSONValue {
        [
            "device": .string(device), "connected": .bool(connected),
            "lastGoodFrame": lastGoodFrame.map { .string($0.rfc3339) } ?? .null,
            "frameErrors": .number(Double(frameErrors)), "reconnects": .number(Double(reconnects)),
            "bytesReceived": .number(Double(bytesReceived)), "lastError": lastError.map(JSONValue.string) ?? .null,
        ]
    }
}
