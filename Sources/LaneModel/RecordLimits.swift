/// The sizes every record keeps to, by construction: part of the upload contract, so a receiver
/// configured to take batches of at least `maximumEnvelopeBytes` takes any single record.
public enum RecordLimits {
    /// The largest canonical body the journal writes. A larger one is replaced by a
    /// `record.oversized` record naming its kind, size and SHA-256 (the journal never refuses an
    /// append, and no record can grow past what the uplink can send).
    public static let maximumBodyBytes = 64 * 1024

    /// An upper bound on any envelope line the journal writes: the body, the record's other
    /// fields (ids, names, times: under 2 KiB) and DSSE's base64 (4/3) and signature.
    public static let maximumEnvelopeBytes = 96 * 1024

    /// The kind of the record that stands for a body over `maximumBodyBytes`.
    public static let oversizedKind = RecordKind.recordOversized.rawValue
}
