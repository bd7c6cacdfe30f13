import ClearanceProtocol
import Synchronization

/// The batches of each device being received right now. A client may keep two batches in
/// flight; the second can reach storage before the first, and rather than answer it `409 gap`
/// the receiver lets it wait for the device's earlier batches still in progress.
final class BatchOrder: Sendable {
    /// First seqs of the batches in progress, by device.
    private let open = Mutex<[String: [Int]]>([:])

    func begin(_ key: IdempotencyKey) {
        open.withLock { $0[key.device, default: []].append(key.firstSeq) }
    }

    func end(_ key: IdempotencyKey) {
        open.withLock { open in
            guard var list = open[key.device], let index = list.firstIndex(of: key.firstSeq) else { return }
            list.remove(at: index)
            open[key.device] = list.isEmpty ? nil : list
        }
    }

    /// Whether a batch of the same device that starts before `key` is still in progress.
    func hasEarlier(than key: IdempotencyKey) -> Bool {
        open.withLock { $0[key.device]?.contains { $0 < key.firstSeq } ?? false }
    }
}
