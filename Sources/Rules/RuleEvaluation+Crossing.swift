import CrossingCodes
import LaneModel

/// The rules every crossing is evaluated against: watchlists, reference data, devices, the
/// clock and repeated crossings.
extension RuleEvaluation {
    func plateWatchlist() -> (RuleOutcome, String) {
        guard let reference = context.reference else { return (.missing, "no reference data: the watchlists are unknown") }
        guard !evidence.plates.isEmpty else { return (.missing, "no plate read to check against the plates watchlist") }
        let plates = reference.watchlist.plates
        let hit = evidence.plates.contains { read in plates.contains { PlateMatcher.matches(read: read.normalized, expected: $0) } }
            || expected.map { vehicle in plates.contains { PlateMatcher.matches(read: vehicle.vehicle.plate, expected: $0) } } == true
        return hit ? (.fail, "the plate is on the plates watchlist") : (.pass, "the plate is not on the plates watchlist")
    }

    func personWatchlist() -> (RuleOutcome, String) {
        guard let reference = context.reference else { return (.missing, "no reference data: the watchlists are unknown") }
        let numbers = Set(evidence.documents.map { Self.documentNumber($0.number) })
        // Every subject a terminal named, matched or not: a watchlist hit deserves an officer's look.
        let subjects = Set((evidence.faces + evidence.fingerprints).compactMap(\.subject))
        guard !numbers.isEmpty || !subjects.isEmpty else {
            return (.missing, "no document number or matched subject to check against the watchlists")
        }
        var lists: [String] = []
        if !numbers.isDisjoint(with: reference.watchlist.documents.map(Self.documentNumber)) { lists.append("documents") }
        if !subjects.isDisjoint(with: reference.watchlist.subjects) { lists.append("subjects") }
        if !lists.isEmpty { return (.fail, "on the \(lists.joined(separator: " and ")) watchlist") }
        var checked: [String] = []
        if !numbers.isEmpty { checked.append("documents") }
        if !subjects.isEmpty { checked.append("subjects") }
        return (.pass, "not on the \(checked.joined(separator: " or ")) watchlist")
    }

    func referenceFresh() -> (RuleOutcome, String) {
        guard let reference = context.reference else { return (.missing, "no reference data loaded") }
        let age = (context.now.millisecondsSinceEpoch - reference.issuedAt.millisecondsSinceEpoch) / 1000
        let limit = Int64(thresholds.referenceMaxAgeSeconds)
        let detail = "reference data version \(reference.version), issued \(ElapsedTime.text(seconds: age)) ago"
        if let expiresAt = reference.expiresAt, context.now >= expiresAt {
            return (.fail, "\(detail), expired at \(expiresAt.rfc3339)")
        }
        if age > limit { return (.fail, "\(detail), older than the \(ElapsedTime.text(seconds: limit)) limit") }
        return (.pass, "\(detail) (limit \(ElapsedTime.text(seconds: limit)))")
    }

    func deviceHealth() -> (RuleOutcome, String) {
        var seen = Set<String>()
        let faults = (evidence.faults + context.activeFaults).filter { seen.insert("\($0.device)\u{0}\($0.reason)").inserted }
        if faults.isEmpty { return (.pass, "no device faults") }
        return (.fail, faults.map { "\($0.device): \($0.reason)" }.joined(separator: "; "))
    }

    func clockSynced() -> (RuleOutcome, String) {
        context.clockSynced ? (.pass, "clock synchronised")
            : (.fail, "the clock is not synchronised, so times in this decision cannot be trusted")
    }

    func crossingRepeat() -> (RuleOutcome, String) {
        let what = kind == .cargo ? "plate" : "document number"
        guard let key = repeatKey else { return (.missing, "no \(what) to compare with recent crossings") }
        let window = Int64(thresholds.repeatWindowSeconds) * 1000
        let now = context.now.millisecondsSinceEpoch
        let repeated = context.recentCrossings.last { recent in
            let elapsed = now - recent.decidedAt.millisecondsSinceEpoch
            return recent.decision == .clear && elapsed >= 0 && elapsed <= window && sameKey(recent.key, key)
        }
        let limit = ElapsedTime.text(seconds: Int64(thresholds.repeatWindowSeconds))
        guard let repeated else { return (.pass, "no CLEAR crossing with this \(what) in the last \(limit)") }
        let ago = ElapsedTime.text(seconds: (now - repeated.decidedAt.millisecondsSinceEpoch) / 1000)
        return (.fail, "this \(what) was cleared \(ago) ago (at \(repeated.decidedAt.rfc3339)), within the \(limit) window")
    }

    private func sameKey(_ recent: String, _ key: String) -> Bool {
        kind == .cargo ? PlateMatcher.matches(read: recent, expected: key) : Self.documentNumber(recent) == key
    }
}
