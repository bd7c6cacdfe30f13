import ClearanceProtocol
import LaneModel
import Records

/// Signs the receipt every `200` carries: the receiver's word, under the central key, that it
/// holds the device's chain through `acceptedThrough` ending in that record's hash.
public struct ReceiptIssuer: Sendable {
    public let key: DeviceKey
    public let instance: String

    public init(key: DeviceKey, instance: String) {
        self.key = key
        self.instance = instance
    }

    /// `reply` with its receipt when it is a `200`; `hashOf` gives the payload hash the batch
    /// carried for a seq. nil when the store acknowledged a seq the batch did not carry: nothing
    /// the receiver can vouch for by hash, so the batch is answered as not stored (the board
    /// resends; storing is idempotent).
    public func receipted(_ reply: BatchReply, now: Timestamp, hashOf: (Int) -> [UInt8]?) -> BatchReply? {
        guard case .accepted(let device, let through, _) = reply else { return reply }
        guard let hash = hashOf(through) else { return nil }
        let receipt = BatchReceipt.sign(device: device, acceptedThrough: through, sha256: hash, time: now, instance: instance, key: key)
        return .accepted(device: device, acceptedThrough: through, receipt: receipt)
    }
}
