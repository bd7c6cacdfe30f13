import LaneModel

/// When bytes arrived: wall-clock time for the reading, and a monotonic count for intervals
/// (stability windows must not jump when the clock is stepped).
public struct ReceiveTime: Sendable, Hashable {
    public var wall: Timestamp
    public var monotonicMilliseconds: Int64

    public init(wall: Timestamp, monotonicMilliseconds: Int64) {
        self.wall = wall
        self.monotonicMilliseconds = monotonicMilliseconds
    }
}
