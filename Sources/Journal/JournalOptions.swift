import LaneModel

/// How a journal behaves; every source of time and randomness is injectable for tests.
public struct JournalOptions: Sendable {
    /// Acknowledged records older than this are pruned.
    public var retentionDays: Int = 90
    /// Below this many free bytes the journal reports a low-disk fault.
    public var minFreeBytes: Int64 = 256 * 1024 * 1024
    /// The most records one transaction commits; bounds commit latency under load.
    public var maxBatchRecords: Int = 256
    /// How many of the newest records are re-verified (signature and chain) at open.
    public var verifyNewestAtOpen: Int = 1000
    /// The wall clock that stamps records.
    public var now: @Sendable () -> Timestamp = { Timestamp.now() }
    /// Whether the kernel clock is synchronised.
    public var clockSync: @Sendable () -> ClockSync = KernelClock.syncState
    /// Record ids.
    public var ids = UUIDv7Generator()
    /// Free bytes where the journal lives.
    public var freeBytes: @Sendable (String) -> Int64? = FileSystemSpace.freeBytes(at:)

    public init() {}
}
