/// What a running device reports, in order: readings, rejected frames and health changes.
public enum DeviceEvent<Reading: Sendable>: Sendable {
    /// A reading decoded from a frame that passed its checks, with the frame's bytes.
    case reading(Reading, raw: [UInt8])
    /// Bytes that were not a valid frame.
    case frameError(FrameError)
    /// The device connected, was lost, or could not be opened.
    case health(DeviceHealth, failure: SerialPortError?)
}
