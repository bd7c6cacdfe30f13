import LaneModel

/// A reading that arrived while no crossing was collecting (a second truck's plate read while
/// the first is still passing); it seeds the next crossing if that starts soon enough.
struct HeldReading: Sendable {
    var observation: LaneObservation
    var device: String
    var reference: ReadingReference?
    var arrivedAt: Timestamp
}
