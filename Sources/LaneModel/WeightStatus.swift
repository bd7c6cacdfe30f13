/// What a weighbridge indicator says about the load it is weighing.
public enum WeightStatus: String, RecordValue, Hashable, CaseIterable {
    /// A valid weight (stable or not: see `WeightReading.stable`).
    case ok
    /// The load is moving; the weight is not final.
    case motion
    /// Above the scale's capacity: the weight shown is not the load's.
    case overload
    /// Below zero range (for example a platform lifted or badly zeroed).
    case underload
    /// The indicator reports an error or cannot weigh now.
    case error
}
