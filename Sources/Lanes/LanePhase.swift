/// Where a lane is in its cycle; `lane status` shows it.
public enum LanePhase: String, Sendable, Hashable {
    /// Waiting for a vehicle or person.
    case idle
    /// A crossing is open and collecting evidence.
    case collecting
    /// Decided; waiting for the decision record to commit.
    case committing
    /// Cleared: barrier open or turnstile released, waiting for the vehicle or person to pass.
    case passing
    /// REFER or HOLD: waiting for an officer's override or for the vehicle or person to leave.
    case waitingForOfficer = "waiting-for-officer"
}
