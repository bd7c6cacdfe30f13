/// A presence sensor of a lane: the cargo lane's entry loop (on the weighbridge) and exit loop
/// (under the barrier), the people lane's passage sensor (after the turnstile).
public enum PresenceLoop: String, Sendable, Hashable, CaseIterable {
    case entry
    case exit
    case passage
}
