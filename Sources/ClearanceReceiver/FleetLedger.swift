import LaneModel

/// Folds a stored batch into its device's summary: pure, so both stores apply it the same way
/// inside their ingest transaction.
public enum FleetLedger {
    /// The summary after `records` (new ones only, in seq order) were stored through `acceptedThrough`.
    public static func fold(_ previous: DeviceSummary?, device: String, records: [IncomingRecord], acceptedThrough: Int,
                            upload: UploadFacts, now: Timestamp) -> DeviceSummary {
        var summary = previous ?? DeviceSummary(device: device, lastUploadAt: now, instance: upload.instance, acceptedThrough: acceptedThrough)
        summary.lastUploadAt = now
        summary.instance = upload.instance
        summary.acceptedThrough = max(summary.acceptedThrough, acceptedThrough)
        if let backlog = upload.backlog { summary.backlog = backlog }
        for incoming in records {
            guard let record = incoming.record else { continue }
            if summary.lastRecordAt.map({ record.time >= $0 }) ?? true {
                summary.lastRecordAt = record.time
                summary.clock = record.clock
            }
        }
        return summary
    }
}
