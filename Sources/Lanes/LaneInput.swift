import LaneModel
import Rules

/// Everything that can happen to a lane. Each input comes with its time (`Lane.handle(_:at:)`).
public enum LaneInput: Sendable {
    /// A presence loop or passage sensor changed (debounced).
    case presence(PresenceLoop, occupied: Bool)
    /// A reading from one of the lane's devices, with its journal record when it has one.
    case reading(LaneObservation, device: String, reference: ReadingReference?)
    /// A device of the lane failed.
    case fault(device: String, reason: String)
    /// A device of the lane works again.
    case recovered(device: String)
    /// The kernel clock's sync state changed.
    case clock(synced: Bool)
    /// New verified reference data (or none).
    case reference(ReferenceData?)
    /// The decision record for `crossing` is durable in the journal: actuation may follow.
    case decisionCommitted(crossing: String)
    /// The decision record could not be committed (disk full, journal fault): fail safe.
    case commitFailed(crossing: String, reason: String)
    /// The override record for `crossing` is durable in the journal.
    case overrideCommitted(crossing: String)
    /// Time passed; deadlines up to the input's time fire.
    case tick
}
