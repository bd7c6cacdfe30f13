/// What is on a reader, as `CardPresenceWatch` reports each change.
public enum CardPresence: Sendable, Hashable {
    /// A card answered the reader's reset with `atr`.
    case present(atr: [UInt8])
    /// A card is in the field but does not answer (a passport held at the edge of the field, a dead chip).
    case mute
    /// The field is empty.
    case absent
}
