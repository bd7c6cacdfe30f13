import Dispatch
import Journal
import LaneModel
import Logging
import Synchronization
import Uplink

/// Checks that an override comes from the officer it names, against the officers of the
/// reference data the board holds (the signed, verified copy). Refused attempts are recorded as
/// `override.refused` (never with the PIN), and throttled: a lockout is recorded once, as
/// `override.lockout`, when it starts.
///
/// The held copy's officers count even when it is older than the rule pack allows: a stale copy
/// makes every crossing REFER, and then only officers can clear them. An officer removed at
/// central is refused once the board holds the copy without them.
public final class OfficerAuthenticator: Sendable {
    /// The outcome of the checks that run one at a time.
    private enum Verdict {
        case accepted(OfficerAuthentication)
        /// `reason` is the record's short code; `message` is what the officer reads.
        case refused(reason: String, message: String, failures: Int?, lockouts: [OverrideThrottle.Lockout])
        case locked(OverrideThrottle.Lockout)
    }

    private struct State {
        var throttle: OverrideThrottle
        /// The held reference data as last read, and the file stamp it was read at.
        var held: (stamp: FileStamp?, data: ReferenceData?, error: String?)?
        /// Signatures accepted within their freshness window, so none is accepted twice.
        var usedSignatures: [[UInt8]: Timestamp] = [:]
    }

    private let store: ReferenceStore?
    private let journal: Journal?
    private let now: @Sendable () -> Timestamp
    private let logger: Logger
    private let state: Mutex<State>
    /// Checks run one at a time on a thread of their own: a PBKDF2 takes a good part of a second
    /// on a board, which must not hold a thread of the cooperative pool the lanes run on, and
    /// requests in parallel must not all pass the lockout check before any failure is counted.
    private let queue = DispatchQueue(label: "laneagent.officers")

    /// `store` holds the signed reference data (nil: none configured, so no officer can be
    /// checked); refusals and lockouts are recorded in `journal`.
    public init(store: ReferenceStore?, journal: Journal?, logger: Logger, now: @escaping @Sendable () -> Timestamp = { .now() }) {
        self.store = store
        self.journal = journal
        self.logger = logger
        self.now = now
        state = Mutex(State(throttle: OverrideThrottle()))
    }

    /// How the officer was authenticated, or why not; a refusal is recorded before this returns.
    public func authenticate(_ request: OverrideRequest) async -> Result<OfficerAuthentication, LaneControlError> {
        let verdict = await withCheckedContinuation { waiter in
            queue.async { waiter.resume(returning: self.check(request, at: .now, time: self.now())) }
        }
        switch verdict {
        case .accepted(let method):
            return .success(method)
        case .locked(let lockout):
            // Recorded once when it started; attempts during it are only logged.
            logger.warning("override refused: locked out", metadata: ["lane": "\(request.lane)", "officer": "\(request.officer)"])
            return .failure(.lockedOut(describe(lockout)))
        case .refused(let reason, let message, let failures, let lockouts):
            logger.warning("override refused: officer not authenticated",
                           metadata: ["lane": "\(request.lane)", "officer": "\(request.officer)", "reason": "\(reason)"])
            let method = request.credential?.method.rawValue
            let refused = OverrideRefusedBody(lane: request.lane, crossing: request.crossing, decision: request.decision, officer: request.officer, reason: reason,
                                              method: method, at: now(), failures: failures)
            await record(refused, lane: request.lane)
            for lockout in lockouts {
                await record(lockoutBody(lockout, lane: request.lane), lane: request.lane)
            }
            let locked = lockouts.map { "; " + describe($0) }.joined()
            return .failure(.notAuthenticated(message + locked))
        }
    }

    /// Everything that decides, on the checks' own thread.
    private func check(_ request: OverrideRequest, at instant: ContinuousClock.Instant, time: Timestamp) -> Verdict {
        let reference = heldReference()
        return state.withLock { state in
            if let lockout = state.throttle.lockout(officer: request.officer, lane: request.lane, at: instant) { return .locked(lockout) }
            let roster = reference.data?.officers ?? []
            let officer = roster.first { $0.id == request.officer }
            func refuse(_ reason: String, _ message: String) -> Verdict {
                let lockouts = state.throttle.fail(officer: officer?.id, lane: request.lane, at: instant)
                let failures = officer.map { officer in
                    lockouts.first { $0.scope == .officer(officer.id) }?.failures ?? state.throttle.failures(officer: officer.id)
                }
                return .refused(reason: reason, message: message, failures: failures, lockouts: lockouts)
            }
            if let error = reference.error {
                return refuse("no-officers",
                              """
                                  the reference data held cannot be read (\(error)), so officer \(request.officer) cannot be checked; fix it \
                                  with `laneagent reference sync`
                                  """)
            }
            guard let data = reference.data, !roster.isEmpty else {
                let held = reference.data.map { "the reference data held (version \($0.version)) lists no officers" } ?? "the board holds no reference data"
                return refuse("no-officers",
                              """
                                  \(held), so officer \(request.officer) cannot be checked; the installer must enrol officers (`laneagent \
                                  officer enrol`) and publish them in the site's reference data
                                  """)
            }
            guard let officer else {
                return refuse("unknown-officer",
                              """
                                  officer \(request.officer) is not listed in the reference data (version \(data.version)); check the badge \
                                  number, or have central enrol the officer
                                  """)
            }
            switch request.credential {
            case nil:
                return refuse("no-credential", "no PIN or signature was sent for officer \(officer.id); `laneagent lane override` asks for the PIN")
            case .pin(let pin)?:
                guard PINHash.matches(pin, officer) else { return refuse("wrong-pin", "wrong PIN for officer \(officer.id)") }
            case .signature(let signature)?:
                guard let publicKey = officer.publicKey else {
                    return refuse("no-key", "officer \(officer.id) has no key in the reference data; use the PIN")
                }
                guard signature.isValid(for: request, publicKey: publicKey) else {
                    return refuse("bad-signature", "the signature is not officer \(officer.id)'s key's over this override")
                }
                let skew = abs(signature.signedAt.millisecondsSinceEpoch - time.millisecondsSinceEpoch) / 1000
                guard skew <= OverrideSignature.freshnessSeconds else {
                    return refuse("stale-signature",
                                  """
                                      the override was signed at \(signature.signedAt.rfc3339), \(skew) s from the board's clock (limit \
                                      \(OverrideSignature.freshnessSeconds) s); sign it again, and check both clocks
                                      """)
                }
                let horizon = Timestamp(millisecondsSinceEpoch: time.millisecondsSinceEpoch - 2 * OverrideSignature.freshnessSeconds * 1000)
                state.usedSignatures = state.usedSignatures.filter { $0.value > horizon }
                guard state.usedSignatures[signature.value] == nil else {
                    return refuse("replayed-signature", "this signed override was already used; sign it again")
                }
                state.usedSignatures[signature.value] = time
            }
            state.throttle.succeeded(officer: officer.id)
            return .accepted(request.credential!.method)
        }
    }

    /// The held reference data, read again only when its file changed (reading verifies the signature).
    private func heldReference() -> (data: ReferenceData?, error: String?) {
        guard let store else { return (nil, nil) }
        let stamp = FileStamp(path: store.path)
        if let held = state.withLock({ $0.held }), held.stamp == stamp { return (held.data, held.error) }
        let loaded: (ReferenceData?, String?)
        do { loaded = (try store.load()?.data, nil) } catch { loaded = (nil, error.description) }
        state.withLock { $0.held = (stamp, loaded.0, loaded.1) }
        return loaded
    }

    private func describe(_ lockout: OverrideThrottle.Lockout) -> String {
        let seconds = max(0, Int(((lockout.until - .now) / .seconds(1)).rounded(.up)))
        let until = Timestamp(millisecondsSinceEpoch: now().millisecondsSinceEpoch + Int64(seconds) * 1000).rfc3339
        let window = state.withLock { Int($0.throttle.policy.window / .seconds(1)) / 60 }
        switch lockout.scope {
        case .officer(let officer):
            return """
                officer \(officer) is locked out until \(until) (\(seconds) s) after \(lockout.failures) failed attempts in \(window) minutes; another officer can \
                override meanwhile
                """
        case .lane(let lane):
            return """
                overrides on lane \(lane) are locked until \(until) (\(seconds) s) after \(lockout.failures) failed attempts in \(window) minutes; let the vehicle \
                or person through by hand meanwhile
                """
        }
    }

    private func lockoutBody(_ lockout: OverrideThrottle.Lockout, lane: String) -> OverrideLockoutBody {
        let seconds = Int64(((lockout.until - .now) / .seconds(1)).rounded(.up))
        let until = Timestamp(millisecondsSinceEpoch: now().millisecondsSinceEpoch + seconds * 1000)
        switch lockout.scope {
        case .officer(let officer): return OverrideLockoutBody(lane: lane, failures: lockout.failures, until: until, officer: officer)
        case .lane: return OverrideLockoutBody(lane: lane, failures: lockout.failures, until: until, officer: nil)
        }
    }

    private func record(_ body: some RecordBody, lane: String) async {
        guard let journal else { return }
        do { _ = try await journal.append(body, lane: lane) } catch {
            logger.error("could not record a refused override or a lockout", metadata: ["kind": "\(body.recordKind.rawValue)", "error": "\(error)"])
        }
    }
}
