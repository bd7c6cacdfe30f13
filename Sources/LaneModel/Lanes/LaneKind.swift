/// A cargo lane (trucks: weighbridge, plates, containers, X-ray) or a people lane (documents,
/// faces, fingerprints, turnstile).
public enum LaneKind: String, RecordValue, Hashable, CaseIterable {
    case cargo
    case people
}
