import Foundation
import LaneModel

/// The journal's single writer: a dedicated thread that takes every append waiting, chains and
/// signs them in order, and commits them in one SQLite transaction (one fsync).
///
/// A thread rather than a task because the commit blocks in fsync, which must not hold one of
/// the few cooperative-pool threads. Seq order is queue order, so nothing is reordered.
final class GroupCommitWriter: @unchecked Sendable {
    typealias Completion = @Sendable (Result<SealedRecord, JournalError>) -> Void

    private struct Pending {
        let draft: RecordDraft
        let completion: Completion
    }

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [Pending] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    // Owned by the writer thread once started.
    private var head: ChainHead

    private let database: JournalDatabase
    private let checkpointer: WALCheckpointer
    private let sealer: RecordSealer
    private let identity: (device: String, site: String)
    private let options: JournalOptions

    init(database: JournalDatabase, head: ChainHead, key: DeviceKey, device: String, site: String, options: JournalOptions) throws(JournalError) {
        self.database = database
        do { checkpointer = try WALCheckpointer(path: database.path) } catch {
            throw JournalDatabase.describe(error, path: database.path)
        }
        self.head = head
        self.sealer = RecordSealer(key: key)
        self.identity = (device, site)
        self.options = options
    }

    func start() {
        checkpointer.start()
        let thread = Thread { [self] in run() }
        thread.name = "journal-writer"
        thread.start()
    }

    /// Queues a draft; `completion` runs once it committed or failed.
    func submit(_ draft: RecordDraft, completion: @escaping Completion) {
        condition.lock()
        guard !stopping else {
            condition.unlock()
            completion(.failure(.closed(database.path)))
            return
        }
        queue.append(Pending(draft: draft, completion: completion))
        condition.signal()
        condition.unlock()
    }

    /// Commits what is queued, then stops the thread; later submissions fail.
    func stop() {
        condition.lock()
        let alreadyStopping = stopping
        stopping = true
        condition.signal()
        condition.unlock()
        if !alreadyStopping {
            finished.wait()
            checkpointer.stop()
        }
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                condition.unlock()
                finished.signal()
                return
            }
            let take = min(queue.count, options.maxBatchRecords)
            let batch = Array(queue.prefix(take))
            queue.removeFirst(take)
            condition.unlock()
            commit(batch)
        }
    }

    private func commit(_ batch: [Pending]) {
        let time = options.now()
        let chained = sealer.chain(
            batch.map(\.draft), after: head, time: time, clock: options.clockSync(), ids: options.ids,
            device: identity.device, site: identity.site)
        let sealed = sealer.seal(chained)
        do {
            try database.insert(sealed)
        } catch {
            // Nothing of the batch is on disk: the chain head stays where it was.
            for pending in batch { pending.completion(.failure(error)) }
            return
        }
        if let last = sealed.last { head = ChainHead(seq: last.record.seq, hash: last.payloadHash) }
        checkpointer.committed(records: sealed.count)
        for (pending, record) in zip(batch, sealed) { pending.completion(.success(record)) }
    }
}
