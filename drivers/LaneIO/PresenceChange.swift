import LaneModel

/// A debounced change of a lane's presence loop or passage sensor.
public struct PresenceChange: Sendable, Hashable {
    public var loop: PresenceLoop
    public var occupied: Bool
    public var time: Timestamp

    public init(loop: PresenceLoop, occupied: Bool, time: Timestamp) {
        self.loop = loop
        self.occupied = occupied
        self.time = time
    }
}
