import Journal
import LaneIO
import LaneModel
import Lanes
import Logging
import Synchronization

/// Runs one lane in the daemon: a single loop owns the `Lane` state machine, so every input,
/// deadline and override is applied in order; it commits decisions to the journal before it lets
/// the lane actuate, and records every actuation.
public final class LaneRunner: Sendable {
    enum Message: Sendable {
        case input(LaneInput, at: Timestamp, received: ContinuousClock.Instant)
        case override(OverrideRequest, authenticated: OfficerAuthentication, reply: @Sendable (Result<OverrideReceipt, LaneControlError>) -> Void)
        /// Answered in turn like any input: proof for the watchdog that the loop still runs.
        case heartbeat(Int)
    }

    public let settings: LaneSettings
    private let journal: Journal
    private let io: LaneIO
    private let logger: Logger
    /// Stamps inputs and runs the lane's deadlines (the journal's clock).
    private let clock: any AgentClock
    private let messages: AsyncStream<Message>
    private let continuation: AsyncStream<Message>.Continuation
    /// The lane as of its last input; its status JSON is built only when someone asks.
    private let snapshot = Mutex<Lane?>(nil)
    private let activity: LaneActivityFeed
    /// Latencies the lane benchmark and the metrics report.
    public let latencies = LaneLatencies()
    /// The heartbeats sent to the loop and the last it answered.
    private let heartbeats = Mutex<(sent: Int, answered: Int, waitingSince: ContinuousClock.Instant?)>((0, 0, nil))

    init(settings: LaneSettings, journal: Journal, io: LaneIO, activity: LaneActivityFeed, logger: Logger, clock: any AgentClock) {
        self.settings = settings
        self.activity = activity
        self.journal = journal
        self.io = io
        var logger = logger
        logger[metadataKey: "lane"] = "\(settings.id)"
        self.logger = logger
        self.clock = clock
        (messages, continuation) = AsyncStream.makeStream(of: Message.self)
    }

    /// Queues an input for the lane, stamped now.
    public func send(_ input: LaneInput) {
        continuation.yield(.input(input, at: clock.now(), received: .now))
    }

    func send(_ input: LaneInput, at time: Timestamp) {
        continuation.yield(.input(input, at: time, received: .now))
    }

    /// Applies an override by an officer the hub authenticated, in the lane's order of events;
    /// returns once it is committed.
    func override(_ request: OverrideRequest, authenticated: OfficerAuthentication) async -> Result<OverrideReceipt, LaneControlError> {
        await withCheckedContinuation { waiter in
            continuation.yield(.override(request, authenticated: authenticated, reply: { waiter.resume(returning: $0) }))
        }
    }

    /// Asks the loop to answer a heartbeat in turn with its inputs, unless one is still waiting.
    public func heartbeat() {
        let number: Int? = heartbeats.withLock { beats in
            guard beats.waitingSince == nil else { return nil }
            beats.sent += 1
            beats.waitingSince = .now
            return beats.sent
        }
        if let number { continuation.yield(.heartbeat(number)) }
    }

    /// How long the heartbeat sent last has waited for the loop; zero once answered. A loop
    /// stuck in an input (a hung journal append, a GPIO write that never returns) shows here.
    public var heartbeatWait: Duration {
        heartbeats.withLock { beats in beats.waitingSince.map { ContinuousClock.now - $0 } ?? .zero }
    }

    /// True once the loop has answered a heartbeat: it runs.
    public var answeredHeartbeat: Bool { heartbeats.withLock { $0.answered > 0 } }

    /// The lane's state for `lane status`.
    public var status: JSONValue {
        snapshot.withLock { $0 }?.status
            ?? ["lane": .string(settings.id), "kind": .string(settings.kind.rawValue), "phase": .string(LanePhase.idle.rawValue)]
    }

    /// Runs until `finish()`; then drives the lane's outputs to the safe state.
    func run(reference: ReferenceData?, clockSynced: Bool) async {
        var lane = Lane(id: settings.id, kind: settings.kind, pack: settings.rulePack, reference: reference, clockSynced: clockSynced)
        snapshot.withLock { [lane] in $0 = lane }
        let reading = Task { [io] in await io.run() }
        let presence = Task { [io] in
            for await change in io.presence { self.send(.presence(change.loop, occupied: change.occupied), at: change.time) }
        }
        // The safe state LaneIO asserts by itself (at start, and on stop) is recorded too.
        let automatic = Task { [io, journal, settings, logger] in
            for await write in io.automaticWrites {
                do {
                    let body = LaneActuationBody(lane: settings.id, action: LaneActuationBody.safeState, crossing: nil, outcome: .written([write]))
                    _ = try await journal.append(body, lane: settings.id)
                } catch {
                    logger.error("could not record a safe-state write", metadata: ["error": "\(error)"])
                }
            }
        }
        defer {
            presence.cancel()
            reading.cancel()
        }
        var deadline: (at: Timestamp, task: Task<Void, Never>)?
        for await message in messages {
            switch message {
            case .input(let input, let time, let received):
                let actions = lane.handle(input, at: time)
                await execute(actions, on: &lane, since: received)
            case .override(let request, let authenticated, let reply):
                do {
                    let actions = try lane.override(crossing: request.crossing, decision: request.decision, officer: request.officer,
                                                    reason: request.reason, at: clock.now(),
                                                    authenticated: authenticated.rawValue)
                    reply(await executeOverride(actions, on: &lane))
                } catch {
                    reply(.failure(.rejected(error.description)))
                }
            case .heartbeat(let number):
                heartbeats.withLock { beats in
                    beats.answered = max(beats.answered, number)
                    if beats.answered == beats.sent { beats.waitingSince = nil }
                }
                continue
            }
            if lane.nextDeadline != deadline?.at {
                deadline?.task.cancel()
                deadline = lane.nextDeadline.map { at in (at, scheduleTick(at)) }
            }
            snapshot.withLock { [lane] in $0 = lane }
        }
        deadline?.task.cancel()
        await io.safeState()
        await io.close()
        await automatic.value
    }

    /// Stops the loop after the inputs already queued.
    func finish() { continuation.finish() }

    private func scheduleTick(_ at: Timestamp) -> Task<Void, Never> {
        let delay = max(0, at.millisecondsSinceEpoch - clock.now().millisecondsSinceEpoch)
        return Task { [clock] in
            do { try await clock.sleep(for: .milliseconds(delay)) } catch { return }
            self.send(.tick, at: max(at, self.clock.now()))
        }
    }

    private func executeOverride(_ actions: [LaneAction], on lane: inout Lane) async -> Result<OverrideReceipt, LaneControlError> {
        var receipt: OverrideReceipt?
        var pending = actions
        while !pending.isEmpty {
            let action = pending.removeFirst()
            guard case .commitOverride(let override) = action else {
                await execute([action], on: &lane, since: .now)
                continue
            }
            do {
                let sealed = try await journal.append(override, lane: settings.id)
                receipt = OverrideReceipt(override: override, seq: sealed.record.seq)
                activity.publish(.override(override, seq: sealed.record.seq))
                logger.notice("override committed", metadata: ["crossing": "\(override.crossing)", "decision": "\(override.decision.rawValue)", "officer": "\(override.officer)"])
                pending += lane.handle(.overrideCommitted(crossing: override.crossing), at: clock.now())
            } catch {
                logger.error("could not record an override; nothing was actuated", metadata: ["crossing": "\(override.crossing)", "error": "\(error)"])
                return .failure(.notRecorded(error.description))
            }
        }
        guard let receipt else { return .failure(.rejected("the lane did not accept the override")) }
        return .success(receipt)
    }

    private func execute(_ actions: [LaneAction], on lane: inout Lane, since received: ContinuousClock.Instant) async {
        var pending = actions
        var committedAt: ContinuousClock.Instant?
        while !pending.isEmpty {
            switch pending.removeFirst() {
            case .commitDecision(let decision):
                do {
                    let sealed = try await journal.append(decision, lane: settings.id)
                    let instant = ContinuousClock.now
                    committedAt = instant
                    latencies.recordDecision(received.duration(to: instant))
                    activity.publish(.decision(decision, seq: sealed.record.seq))
                    logger.notice("decision committed", metadata: [
                        "crossing": "\(decision.crossing)", "decision": "\(decision.decision.rawValue)",
                        "failed": "\(decision.reasons.filter { $0.outcome != .pass }.map(\.rule.rawValue).joined(separator: ","))",
                    ])
                    pending += lane.handle(.decisionCommitted(crossing: decision.crossing), at: clock.now())
                } catch {
                    logger.error("could not commit a decision; the lane stays closed", metadata: ["crossing": "\(decision.crossing)", "error": "\(error)"])
                    pending += lane.handle(.commitFailed(crossing: decision.crossing, reason: error.description), at: clock.now())
                }
            case .commitOverride(let override):
                // Overrides arrive through `override(_:)`; one here would have no officer waiting.
                logger.error("unexpected override action outside an officer's request", metadata: ["crossing": "\(override.crossing)"])
            case .actuate(let action, let crossing):
                // Only the first write after a commit measures decision-to-GPIO latency.
                await actuate(action, crossing: crossing, committedAt: committedAt)
                committedAt = nil
            }
        }
    }

    private func actuate(_ action: Actuation, crossing: String?, committedAt: ContinuousClock.Instant?) async {
        let outcome: LaneActuationBody.Outcome
        do {
            let writes = try await io.perform(action)
            if let committedAt { latencies.recordActuation(committedAt.duration(to: .now)) }
            outcome = .written(writes)
            activity.publish(.actuation(lane: settings.id, action, crossing: crossing, ok: true))
        } catch {
            activity.publish(.actuation(lane: settings.id, action, crossing: crossing, ok: false))
            logger.error("actuation failed", metadata: ["action": "\(action.rawValue)", "error": "\(error)"])
            outcome = .failed(error: error.description, code: error.code)
        }
        do {
            _ = try await journal.append(LaneActuationBody(lane: settings.id, action: action.rawValue, crossing: crossing, outcome: outcome), lane: settings.id)
        } catch {
            logger.error("could not record an actuation", metadata: ["action": "\(action.rawValue)", "error": "\(error)"])
        }
    }
}
