import ClearanceProtocol
import Foundation
import Journal
import LaneModel
import Logging

/// Sends the journal's pending records to the clearance service in seq order, one batch at a
/// time, and moves the journal's `ackedThrough` only from a `200`'s `acceptedThrough`.
///
/// While a batch is in flight the next one is read, compressed and sent too (two batches in
/// flight at most, so memory stays bounded): the agent's reading overlaps the receiver's
/// verification, and the receiver verifies one batch while it stores the other. The batch sent
/// ahead counts only if the next attempt starts exactly where it does with the same size limit;
/// after anything but a `200` for the whole current batch its answer is ignored (it is never
/// acknowledged from) and the next batch is read afresh from where the receiver wants it.
///
/// `step` makes one attempt and says what to do next; `push` (the CLI) and `UplinkService`
/// (the daemon) drive it. Uploading only reads the journal, so it never holds up appends.
public actor Uploader {
    /// What one attempt came to.
    public enum Step: Sendable, Equatable {
        /// The receiver stored records through `through`.
        case acknowledged(through: Int)
        /// Send again from `seq` (after a `409 gap` or a `413`).
        case resend(from: Int)
        /// A transient failure or `Retry-After`: try again after `delay`.
        case wait(Duration, problem: String)
        /// Refused, forked or lost: a person must look; retry only slowly.
        case fault(UplinkFault)
        /// Nothing pending.
        case idle
    }

    /// Totals for `uplink push --json`.
    public struct Progress: Sendable {
        public var sent = 0
        public var batches = 0
        public var bytes = 0
        public var acceptedThrough = 0
        public var lastProblem: String?
    }

    public let settings: UplinkSettings
    /// The journal's clock: `push` and `UplinkService` wait on it (a test's clock advances them).
    public nonisolated let clock: any AgentClock
    private let journal: Journal
    private let client: ClearanceClient
    private let logger: Logger
    private var state: UplinkState
    private var backoff: RetryBackoff
    private var resendFrom: Int?
    private var maxRecords: Int
    private var ahead: InFlight?
    public private(set) var progress = Progress()
    /// Verifies central's receipts against `[uplink] central_key` and journals them.
    public let receipts: ReceiptRecorder

    /// A batch sent and its answer to come.
    private struct InFlight {
        let batch: UploadBatch
        let maxRecords: Int
        let task: Task<ClearanceResponse, any Error>
    }

    /// How often the batch sent ahead was the next one, and how often its answer was ignored.
    public private(set) var lookaheadUsed = 0
    public private(set) var lookaheadDiscarded = 0

    public init(journal: Journal, client: ClearanceClient, logger: Logger) throws(UplinkError) {
        self.journal = journal
        self.clock = journal.options.clock
        self.client = client
        self.settings = client.settings
        self.logger = logger
        self.state = try UplinkState.load(stateDirectory: journal.paths.stateDirectory)
        self.backoff = RetryBackoff(cap: .seconds(client.settings.retryMaxSeconds))
        self.maxRecords = client.settings.batchMaxRecords
        self.receipts = ReceiptRecorder(journal: journal, centralKey: client.settings.centralKey, logger: logger)
    }

    /// Makes one upload attempt of the records after the last acknowledged one, through `target`
    /// (default: the newest record). `timeout` bounds the request.
    public func step(through target: Int? = nil, timeout: Duration? = nil) async -> Step {
        let status: JournalPosition
        do { status = try journal.position() } catch {
            return .wait(.seconds(5), problem: "cannot read the journal: \(error)")
        }
        let last = min(target ?? status.lastSeq, status.lastSeq)
        progress.acceptedThrough = status.ackedThrough
        var from = status.ackedThrough + 1
        if let resendFrom, resendFrom < from { from = resendFrom }
        guard from <= last else {
            discardAhead()
            await receipts.idle(flush: false)
            return .idle
        }

        let current: InFlight
        if let sent = ahead, sent.batch.firstSeq == from, sent.maxRecords == maxRecords, sent.batch.lastSeq <= last {
            ahead = nil
            lookaheadUsed += 1
            current = sent
        } else {
            discardAhead()
            do {
                guard let batch = try UploadBatch.read(from: journal, from: from, through: last, maxRecords: maxRecords, maxBytes: settings.batchMaxBytes,
                                                       withheld: state.withheld) else { return .idle }
                current = send(batch, backlog: status.lastSeq - batch.lastSeq, timeout: timeout)
            } catch let error as UplinkError {
                return await raise(code: "uplink.lost", status: 0, error: "lost", seq: from, message: error.message)
            } catch {
                return .wait(.seconds(5), problem: "cannot read the journal: \(error)")
            }
        }
        // The next batch goes out while this one is in flight; a read error here shows up when
        // that batch becomes the current one.
        if current.batch.lastSeq < last,
           let next = try? UploadBatch.read(from: journal, from: current.batch.lastSeq + 1, through: last,
                                            maxRecords: maxRecords, maxBytes: settings.batchMaxBytes, withheld: state.withheld) {
            ahead = send(next, backlog: status.lastSeq - next.lastSeq, timeout: timeout)
        }

        let batch = current.batch
        let key = IdempotencyKey(device: journal.device, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq)
        let response: ClearanceResponse
        do {
            response = try await current.task.value
        } catch {
            discardAhead()
            return transient("batch \(key): \(Self.describe(error))", wait: (error as? ReceiverUnavailable)?.wait)
        }
        let step = await interpret(response, batch: batch, key: key, status: status)
        // Only a 200 for the whole batch makes the batch sent ahead the next one.
        if step != .acknowledged(through: batch.lastSeq) { discardAhead() }
        return step
    }

    /// Starts the request for `batch`, telling central how many records the journal holds after it.
    private func send(_ batch: UploadBatch, backlog: Int, timeout: Duration?) -> InFlight {
        let client = client
        let key = IdempotencyKey(device: journal.device, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq)
        let task = Task { try await client.postBatch(batch.body, idempotencyKey: key, backlog: backlog, timeout: timeout) }
        return InFlight(batch: batch, maxRecords: maxRecords, task: task)
    }

    /// Drops the batch sent ahead: its request is cancelled and any answer ignored.
    private func discardAhead() {
        guard let sent = ahead else { return }
        sent.task.cancel()
        ahead = nil
        lookaheadDiscarded += 1
    }

    /// Carries out `BatchAnswer`'s decision on `response` to `batch`.
    private func interpret(_ response: ClearanceResponse, batch: UploadBatch, key: IdempotencyKey, status: JournalPosition) async -> Step {
        let sent = BatchAnswer.Sent(device: journal.device, firstSeq: batch.firstSeq, lastSeq: batch.lastSeq,
                                    firstWithheld: state.withheld.contains(batch.firstSeq), lastPayloadHash: batch.lastPayloadHash)
        let answer = BatchAnswer.decide(status: response.status, body: response.body, retryAfter: response.header("Retry-After"), batch: sent,
                                        journalFirst: status.firstSeq, journalLast: status.lastSeq, ackedThrough: status.ackedThrough,
                                        centralKey: receipts.centralKey)
        switch answer {
        case .acknowledge(let acknowledged, let from, let receipt):
            do { try journal.acknowledge(through: acknowledged) } catch {
                return .wait(.seconds(5), problem: "cannot record the acknowledgement: \(error)")
            }
            if let receipt { await receipts.received(receipt) }
            resendFrom = from
            state.lastReceiver = response.receiver
            backoff.reset()
            progress.sent += acknowledged - batch.firstSeq + 1
            progress.batches += 1
            progress.bytes += batch.body.count
            progress.acceptedThrough = max(status.ackedThrough, acknowledged)
            progress.lastProblem = nil
            await clearFault()
            logger.debug("batch accepted", metadata: ["batch": "\(key)", "bytes": "\(batch.body.count)"])
            return .acknowledged(through: acknowledged)
        case .resend(let expected):
            logger.warning("receiver asks to resend", metadata: ["batch": "\(key)", "expectedSeq": "\(expected)"])
            resendFrom = expected
            return .resend(from: expected)
        case .shrink(let records, let from):
            maxRecords = records
            logger.warning("receiver refused the batch size; halving it", metadata: ["batch": "\(key)", "records": "\(records)"])
            return .resend(from: from)
        case .withhold(let seq, let limit):
            return await withhold(seq, limitBytes: limit)
        case .wait(let delay, let problem):
            let delay = response.failoverWait ?? delay
            progress.lastProblem = problem
            logger.warning("receiver busy", metadata: ["batch": "\(key)", "retryAfter": "\(response.header("Retry-After") ?? "")"])
            return .wait(delay, problem: problem)
        case .retry(let problem):
            return transient(problem, wait: response.failoverWait)
        case .fault(let code, let httpStatus, let error, let seq, let message):
            if code == "uplink.fork" && error == "fork" {
                logger.critical("ALARM: the receiver holds a different record", metadata: ["batch": "\(key)", "seq": "\(seq)"])
            } else if code == "uplink.receipt" {
                logger.error("central's receipt does not verify; the batch is not taken as acknowledged", metadata: ["batch": "\(key)", "error": "\(error)"])
            } else if code == "uplink.rejected" {
                logger.error("receiver refused a batch", metadata: ["batch": "\(key)", "status": "\(httpStatus)", "error": "\(error)", "seq": "\(seq)"])
            }
            return await raise(code: code, status: httpStatus, error: error, seq: seq, message: message)
        }
    }

    /// One record the receiver will not take even alone: from now on it goes as its signed
    /// stand-in, the board records a fault naming it, and the upload goes on past it.
    private func withhold(_ seq: Int, limitBytes: Int?) async -> Step {
        let limit = limitBytes.map { " of \($0) bytes" } ?? ""
        state.withheld.insert(seq)
        let fault = UplinkFault(code: "uplink.withheld", status: 413, error: "too-large", seq: seq,
                                message: "record \(seq) alone is over the receiver's limit\(limit); it is sent as a signed record.withheld stand-in and stays in this board's journal (journal export)",
                                at: journal.options.now())
        logger.error("receiver will not take a record; sending its stand-in", metadata: ["seq": "\(seq)", "limit": "\(limit)"])
        progress.lastProblem = "\(fault.code): \(fault.message)"
        do {
            try state.save(stateDirectory: journal.paths.stateDirectory)
            try await journal.append(fault)
        } catch {
            logger.error("cannot record the withheld record", metadata: ["seq": "\(seq)", "error": "\(error)"])
        }
        return .resend(from: seq)
    }

    /// A failed attempt: wait `wait` (the receiver route's decision, when it made one) or the backoff.
    private func transient(_ problem: String, wait: Duration? = nil) -> Step {
        progress.lastProblem = problem
        let delay = wait ?? backoff.nextDelay()
        logger.warning("upload failed; retrying", metadata: ["problem": "\(problem)", "retryIn": "\(delay)"])
        return .wait(delay, problem: problem)
    }

    /// Records a new fault once (a repeat of the open fault is not recorded again).
    private func raise(code: String, status: Int, error: String, seq: Int, message: String) async -> Step {
        let fault = UplinkFault(code: code, status: status, error: error, seq: seq, message: message, at: journal.options.now())
        progress.lastProblem = "\(code): \(message)"
        if let open = state.fault, open.isSame(as: fault) { return .fault(open) }
        state.fault = fault
        do {
            try await journal.append(fault)
            try state.save(stateDirectory: journal.paths.stateDirectory)
        } catch {
            logger.error("cannot record the uplink fault", metadata: ["error": "\(error)"])
        }
        return .fault(fault)
    }

    private func clearFault() async {
        state.lastAcceptedAt = journal.options.now()
        guard let open = state.fault else { return }
        state.fault = nil
        do {
            try await journal.append(UplinkFaultClearedBody(code: open.code, seq: open.seq))
            try state.save(stateDirectory: journal.paths.stateDirectory)
        } catch {
            logger.error("cannot record the cleared uplink fault", metadata: ["error": "\(error)"])
        }
    }

    /// Saves the last-upload time and position (called when a run of uploads ends).
    public func saveState() {
        discardAhead()
        try? state.save(stateDirectory: journal.paths.stateDirectory)
    }

    /// Uploads everything pending when called, retrying transient failures, until acknowledged
    /// (returns the totals), refused or forked (throws), or `timeout` passes (throws).
    public func push(timeout: Duration) async throws(UplinkError) -> Progress {
        let deadline = clock.uptime() + timeout
        var target: Int
        do { target = try journal.position().lastSeq } catch { throw .state(journal.paths.database, "\(error)") }
        defer { saveState() }
        while true {
            let remaining = deadline - clock.uptime()
            guard remaining > .zero else {
                let acknowledged = (try? journal.position().ackedThrough) ?? 0
                throw .timedOut(Double(timeout.components.seconds), acknowledged: acknowledged, target: target, lastProblem: progress.lastProblem)
            }
            switch await step(through: target, timeout: remaining) {
            case .idle:
                // The newest receipt is journaled now, and that record sent too: a push leaves nothing pending.
                guard await receipts.idle(flush: true), let last = try? journal.position().lastSeq else { return progress }
                target = last
            case .acknowledged, .resend:
                continue
            case .wait(let delay, _):
                try? await clock.sleep(for: min(delay, max(.zero, deadline - clock.uptime())))
            case .fault(let fault):
                if fault.code == "uplink.fork" { throw .fork(fault.message) }
                if fault.code == "uplink.lost" { throw .lost(fault.message) }
                if fault.code == "uplink.receipt" { throw .badReceipt(fault.message) }
                throw .rejected("HTTP \(fault.status) \(fault.error) at seq \(fault.seq): \(fault.message)")
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
