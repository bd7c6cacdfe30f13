import ClearanceProtocol
import LaneModel

/// Where a receiver keeps every device's chain: one SQLite file (`--data DIR`, the embedded
/// default) or a PostgreSQL database that any number of receivers share (`--postgres URL`).
/// Every store gives the same answers to the same requests; only the feed's cursors differ.
public protocol ReceiverStorage: Sendable {
    /// What the operator knows the store by, for logs and errors (a path or a URL without its password).
    var location: String { get }

    /// Stores a verified, internally chained batch of one device in one transaction, or stores
    /// nothing and says why (gap, fork, a broken link to the held chain). A batch that overlaps
    /// what is held must be byte-for-byte the held records; the device's batches are applied one
    /// at a time however many receivers share the store. The device's fleet summary is
    /// updated in the same transaction.
    func ingest(device: String, records: [IncomingRecord], upload: UploadFacts, now: Timestamp) async throws(ReceiverError) -> BatchReply

    /// The highest contiguous seq held and the number of records held for `device`.
    func state(device: String) async throws(ReceiverError) -> DeviceHoldings

    /// Whether a stored record of `device` names evidence `sha256`.
    func names(device: String, evidence sha256: String) async throws(ReceiverError) -> Bool

    /// Stored envelope lines of `device` from seq `from`, ascending, at most `limit`.
    func envelopes(device: String, from: Int, limit: Int) async throws(ReceiverError) -> [[UInt8]]

    /// Every device's records in the order they were stored, after `cursor`, at most `limit`.
    /// A record appears only once every record stored before it is visible too, so a reader that
    /// follows `next` never skips one.
    func feed(after cursor: FeedCursor, limit: Int) async throws(ReceiverError) -> FeedPage

    /// What the fleet view shows of every device that has uploaded.
    func fleet() async throws(ReceiverError) -> [DeviceSummary]

    /// Releases connections and files.
    func close() async
}

/// How much of one device's chain a store holds.
public struct DeviceHoldings: Sendable, Equatable {
    /// Every record through this seq is held.
    public var acceptedThrough: Int
    /// Records held (fewer than acceptedThrough once the receiver prunes).
    public var records: Int

    public init(acceptedThrough: Int, records: Int) {
        self.acceptedThrough = acceptedThrough
        self.records = records
    }
}
