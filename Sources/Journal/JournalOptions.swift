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
    /// The daemon's one clock: it stamps records, and the uplink's waits and the lanes'
    /// deadlines run on it (a test's `ManualClock` advances them all).
    public var clock: any AgentClock = SystemClock()
    /// The wall clock that stamps records (`clock`'s wall time).
    public var now: @Sendable () -> Timestamp {
        let clock = self.clock
        return { clock.now() }
    }
    /// Whether the kernel clock is synchronised.
    public var clockSync: @Sendable () -> ClockSync = KernelClock.syncState
    /// Record ids.
    public var ids = UUIDv7Generator()
    /// Free bytes where the journal lives.
    public var freeBytes: @Sendable (String) -> Int64? = FileSystemSpace.freeBytes(at:)

    /// Whether a commit waits for the disk. Only the power-cut test's negative control turns it off.
    public var durability: Durability = .synced
    /// Called on the committer thread with each batch once it is on disk (the power-cut test's
    /// commit log); must not block.
    public var committed: (@Sendable ([SealedRecord]) -> Void)?

    /// How a commit reaches the disk.
    public enum Durability: Sendable {
        /// `synchronous=FULL`: a returned append survives a power cut.
        case synced
        /// `synchronous=OFF`: commits are lost at a power cut. For proving the power-cut test can see loss.
        case unsyncedForTesting
    }

    public init() {}
}
