import ClearanceProtocol
import Synchronization

/// The batches of each device being received right now, and the hand-off between them. A
/// client may keep two batches in flight; both are verified at once (the costly part), but
/// a batch is stored only after the device's earlier batches in progress have ended, so the
/// second one is not answered `409 gap` for having overtaken the first.
final class BatchOrder: Sendable {
    /// A batch waiting for its device's earlier ones: registered first, then suspended.
    private struct Wait {
        let key: IdempotencyKey
        var continuation: CheckedContinuation<Void, Never>?
    }

    private struct State {
        /// First seqs of the batches in progress, by device.
        var open: [String: [Int]] = [:]
        /// Of those, the ones whose whole body has arrived.
        var arrived: [String: Set<Int>] = [:]
        var waits: [Int: Wait] = [:]
        var nextWait = 0

        func hasEarlier(than key: IdempotencyKey) -> Bool {
            open[key.device]?.contains { $0 < key.firstSeq } ?? false
        }

        /// Whether an earlier batch of the device is still reading its body.
        func hasEarlierArriving(than key: IdempotencyKey) -> Bool {
            let arrived = arrived[key.device] ?? []
            return open[key.device]?.contains { $0 < key.firstSeq && !arrived.contains($0) } ?? false
        }
    }

    private let state = Mutex(State())

    func begin(_ key: IdempotencyKey) {
        state.withLock { $0.open[key.device, default: []].append(key.firstSeq) }
    }

    /// `key`'s whole body has been read.
    func arrived(_ key: IdempotencyKey) {
        state.withLock { $0.arrived[key.device, default: []].insert(key.firstSeq) }
    }

    func end(_ key: IdempotencyKey) {
        let released: [CheckedContinuation<Void, Never>] = state.withLock { state in
            if var arrived = state.arrived[key.device] {
                arrived.remove(key.firstSeq)
                state.arrived[key.device] = arrived.isEmpty ? nil : arrived
            }
            guard var list = state.open[key.device], let index = list.firstIndex(of: key.firstSeq) else { return [] }
            list.remove(at: index)
            state.open[key.device] = list.isEmpty ? nil : list
            var released: [CheckedContinuation<Void, Never>] = []
            for (id, wait) in state.waits where wait.key.device == key.device && !state.hasEarlier(than: wait.key) {
                guard let continuation = wait.continuation else { continue }
                state.waits[id] = nil
                released.append(continuation)
            }
            return released
        }
        for continuation in released { continuation.resume() }
    }

    /// Returns once no batch of `key`'s device that starts before it is in progress, or after
    /// `limit`; after only `arrivingLimit` while an earlier one is still reading its body. Anyone
    /// who knows a device's name can open an upload with a lower firstSeq and stall it, and
    /// that must not hold the device's real batches long; a real earlier batch's body is
    /// on its way already, and if it is late the later batch gets `409 gap` and is resent.
    func waitForEarlier(than key: IdempotencyKey, limit: Duration, arrivingLimit: Duration) async {
        let registered: (id: Int, limit: Duration)? = state.withLock { state in
            guard state.hasEarlier(than: key) else { return nil }
            state.nextWait += 1
            state.waits[state.nextWait] = Wait(key: key)
            return (state.nextWait, state.hasEarlierArriving(than: key) ? arrivingLimit : limit)
        }
        guard let (id, limit) = registered else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    let suspended = self.state.withLock { state in
                        // Gone: the limit passed first. No earlier batch: it ended meanwhile.
                        guard state.waits[id] != nil, state.hasEarlier(than: key) else {
                            state.waits[id] = nil
                            return false
                        }
                        state.waits[id]?.continuation = continuation
                        return true
                    }
                    if !suspended { continuation.resume() }
                }
            }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
            // Whichever finished first, the other must not hold the group open.
            let continuation = state.withLock { $0.waits.removeValue(forKey: id)?.continuation }
            continuation?.resume()
        }
    }
}
