/// Failed override attempts, counted per officer and per lane, and the lockouts they cause: an
/// officer with 5 failures in 10 minutes is locked out for 10 minutes, and so is a lane with 10
/// (whatever officer ids were tried, so guessing across many ids is stopped too). A locked-out
/// attempt is refused before any PIN is hashed. Only lanes of the board and officers of the
/// reference data are ever keys here, so hostile requests cannot grow it.
struct OverrideThrottle: Sendable {
    struct Policy: Sendable {
        var officerFailures = 5
        var laneFailures = 10
        var window: Duration = .seconds(600)
        var lockout: Duration = .seconds(600)
    }

    /// A lockout in force: who, until when, and after how many failures.
    struct Lockout: Sendable, Equatable {
        enum Scope: Sendable, Equatable {
            case officer(String)
            case lane(String)
        }
        var scope: Scope
        var until: ContinuousClock.Instant
        var failures: Int
    }

    let policy: Policy
    private var officerFailures: [String: [ContinuousClock.Instant]] = [:]
    private var laneFailures: [String: [ContinuousClock.Instant]] = [:]
    private var officerLockouts: [String: Lockout] = [:]
    private var laneLockouts: [String: Lockout] = [:]

    init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// The lockout that stops an attempt by `officer` on `lane` now, if any (the lane's first).
    mutating func lockout(officer: String, lane: String, at now: ContinuousClock.Instant) -> Lockout? {
        expire(at: now)
        return laneLockouts[lane] ?? officerLockouts[officer]
    }

    /// Counts a failure on `lane`, and on `officer` when it names a listed officer; returns the
    /// lockouts this failure started (each is reported once, when it starts).
    mutating func fail(officer: String?, lane: String, at now: ContinuousClock.Instant) -> [Lockout] {
        expire(at: now)
        var started: [Lockout] = []
        if let officer, let lockout = Self.count(officer, in: &officerFailures, limit: policy.officerFailures, policy: policy, at: now, scope: .officer(officer)) {
            officerLockouts[officer] = lockout
            started.append(lockout)
        }
        if let lockout = Self.count(lane, in: &laneFailures, limit: policy.laneFailures, policy: policy, at: now, scope: .lane(lane)) {
            laneLockouts[lane] = lockout
            started.append(lockout)
        }
        return started
    }

    /// The officer's failures so far in the window.
    func failures(officer: String) -> Int { officerFailures[officer]?.count ?? 0 }

    /// A right credential clears the officer's failures (not the lane's: others' guesses stand).
    mutating func succeeded(officer: String) {
        officerFailures[officer] = nil
    }

    private static func count(_ key: String, in table: inout [String: [ContinuousClock.Instant]], limit: Int, policy: Policy,
                              at now: ContinuousClock.Instant, scope: Lockout.Scope) -> Lockout? {
        var times = table[key, default: []]
        times.append(now)
        guard times.count >= limit else {
            table[key] = times
            return nil
        }
        // The count starts afresh after the lockout, so it is not re-triggered by old failures.
        table[key] = nil
        return Lockout(scope: scope, until: now + policy.lockout, failures: times.count)
    }

    private mutating func expire(at now: ContinuousClock.Instant) {
        let horizon = now - policy.window
        officerFailures = Self.recent(officerFailures, after: horizon)
        laneFailures = Self.recent(laneFailures, after: horizon)
        officerLockouts = officerLockouts.filter { $0.value.until > now }
        laneLockouts = laneLockouts.filter { $0.value.until > now }
    }

    private static func recent(_ table: [String: [ContinuousClock.Instant]], after horizon: ContinuousClock.Instant) -> [String: [ContinuousClock.Instant]] {
        table.compactMapValues { times in
            let recent = times.filter { $0 > horizon }
            return recent.isEmpty ? nil : recent
        }
    }
}
