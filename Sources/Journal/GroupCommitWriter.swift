import Foundation
import LaneModel
import Records

/// The journal's single writer, as a two-stage pipeline on two dedicated threads:
///
/// - the sealer takes every append waiting, numbers and chains them in arrival order and signs
///   them (in parallel);
/// - the committer inserts each sealed batch in one SQLite transaction (one fsync) and only then
///   completes its appends.
///
/// While one batch is in fsync the next is being signed, so neither the disk nor the CPU waits
/// for the other. Threads rather than tasks because a commit blocks in fsync, which must not
/// hold one of the few cooperative-pool threads. A batch that fails to commit invalidates the
/// batches sealed after it (their chain builds on it): they fail too, and sealing resumes from
/// the last committed record.
final class GroupCommitWriter: @unchecked Sendable {
    typealias Completion = @Sendable (Result<SealedRecord, JournalError>) -> Void

    private struct Pending {
        let draft: RecordDraft
        let completion: Completion
    }

    private struct SealedBatch {
        let pending: [Pending]
        let records: [SealedRecord]
        let generation: Int
    }

    /// Sealed batches allowed to wait for the committer; bounds memory and latency.
    private let maxSealedBatches = 2

    // Appends waiting to be sealed; guarded by `intake`.
    private let intake = NSCondition()
    private var queue: [Pending] = []
    private var stopping = false

    // Hand-off between the stages; guarded by `handoff`.
    private let handoff = NSCondition()
    private var sealedBatches: [SealedBatch] = []
    private var sealerFinished = false
    /// Bumped by each failed commit; batches sealed under an older generation are void.
    private var generation = 0
    private var committedHead: ChainHead
    private var lastFailure: JournalError?

    // Owned by the sealer thread.
    private var sealedHead: ChainHead
    private var sealedGeneration = 0

    private let finished = DispatchSemaphore(value: 0)
    /// Read by the daemon's watchdog without taking the pipeline's locks.
    let progress = WriterProgress()
    private let database: JournalDatabase
    private let checkpointer: WALCheckpointer
    private let sealer: RecordSealer
    private let identity: (device: String, site: String)
    private let options: JournalOptions

    init(database: JournalDatabase, head: ChainHead, key: DeviceKey, device: String, site: String, options: JournalOptions) throws(JournalError) {
        self.database = database
        do { checkpointer = try WALCheckpointer(path: database.path, durability: options.durability) } catch {
            throw JournalDatabase.describe(error, path: database.path)
        }
        self.committedHead = head
        self.sealedHead = head
        self.sealer = RecordSealer(key: key)
        self.identity = (device, site)
        self.options = options
    }

    func start() {
        checkpointer.start()
        for (name, body) in [("journal-sealer", runSealer), ("journal-committer", runCommitter)] {
            let thread = Thread { body() }
            thread.name = name
            thread.start()
        }
    }

    /// Queues a draft; `completion` runs once it committed or failed.
    func submit(_ draft: RecordDraft, completion: @escaping Completion) {
        intake.lock()
        guard !stopping else {
            intake.unlock()
            completion(.failure(.closed(database.path)))
            return
        }
        progress.submitted()
        queue.append(Pending(draft: draft, completion: completion))
        intake.signal()
        intake.unlock()
    }

    /// Commits what is queued, then stops both threads; later submissions fail.
    func stop() {
        intake.lock()
        let alreadyStopping = stopping
        stopping = true
        intake.signal()
        intake.unlock()
        guard !alreadyStopping else { return }
        finished.wait()
        checkpointer.stop()
    }

    // MARK: Sealer stage

    private func runSealer() {
        while true {
            intake.lock()
            while queue.isEmpty && !stopping { intake.wait() }
            if queue.isEmpty {
                intake.unlock()
                handoff.lock()
                sealerFinished = true
                handoff.broadcast()
                handoff.unlock()
                return
            }
            let take = min(queue.count, options.maxBatchRecords)
            let batch = Array(queue.prefix(take))
            queue.removeFirst(take)
            intake.unlock()

            handoff.lock()
            while sealedBatches.count >= maxSealedBatches { handoff.wait() }
            if sealedGeneration != generation {
                sealedGeneration = generation
                sealedHead = committedHead
            }
            handoff.unlock()

            let chained = sealer.chain(
                batch.map(\.draft), after: sealedHead, time: options.now(), clock: options.clockSync(), ids: options.ids,
                device: identity.device, site: identity.site)
            let records = sealer.seal(chained)
            if let last = records.last { sealedHead = ChainHead(seq: last.record.seq, hash: last.payloadHash) }

            handoff.lock()
            sealedBatches.append(SealedBatch(pending: batch, records: records, generation: sealedGeneration))
            handoff.broadcast()
            handoff.unlock()
        }
    }

    // MARK: Committer stage

    private func runCommitter() {
        while true {
            handoff.lock()
            while sealedBatches.isEmpty && !sealerFinished { handoff.wait() }
            if sealedBatches.isEmpty {
                handoff.unlock()
                finished.signal()
                return
            }
            let batch = sealedBatches.removeFirst()
            let current = generation
            let failure = lastFailure
            handoff.broadcast()
            handoff.unlock()

            guard batch.generation == current else {
                // Chained onto a batch that never reached the disk: nothing of it may be stored.
                for pending in batch.pending { pending.completion(.failure(failure ?? .closed(database.path))) }
                progress.completed(batch.pending.count)
                continue
            }
            do {
                try database.insert(batch.records)
            } catch {
                handoff.lock()
                generation += 1
                lastFailure = error
                handoff.unlock()
                for pending in batch.pending { pending.completion(.failure(error)) }
                progress.completed(batch.pending.count)
                continue
            }
            if let last = batch.records.last {
                handoff.lock()
                committedHead = ChainHead(seq: last.record.seq, hash: last.payloadHash)
                handoff.unlock()
            }
            checkpointer.committed(records: batch.records.count)
            options.committed?(batch.records)
            for (pending, record) in zip(batch.pending, batch.records) { pending.completion(.success(record)) }
            progress.completed(batch.pending.count)
        }
    }
}
