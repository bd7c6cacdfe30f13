import LaneModel
import Rules

extension Lane {
    /// The lane as `lane status` shows it: phase, the current crossing's id (`crossing`) and
    /// progress (`current`), loops, outputs, context and the recent decisions with their reasons
    /// (newest last).
    public var status: JSONValue {
        var current: JSONValue = .null
        if let assembly = machine.assembly {
            var members: [String: JSONValue] = [
                "startedAt": .string(assembly.startedAt.rfc3339),
                "deadline": nextDeadline.map { .string($0.rfc3339) } ?? .null,
                "evidence": assembly.counts,
                "missing": .array(context.missingEvidence(assembly).map { .string($0.rawValue) }),
                "decision": .null, "committed": false, "commitFailure": .null, "override": .null,
                "overridePending": .bool(context.pendingOverrides[assembly.id] != nil),
            ]
            if let outcome = machine.outcome {
                members["decision"] = .string(outcome.effective.rawValue)
                members["committed"] = .bool(outcome.committed)
                members["commitFailure"] = outcome.commitFailure.map(JSONValue.string) ?? .null
                members["override"] = outcome.override?.jsonValue ?? .null
            }
            current = .object(members)
        }
        var loops: [String: JSONValue] = [:]
        let relevant: [PresenceLoop] = kind == .cargo ? [.entry, .exit] : [.entry, .passage]
        for loop in relevant { loops[loop.rawValue] = .bool(context.isOccupied(loop)) }
        var outputs: [String: JSONValue] = ["lights": context.lightsGreen ? "green" : "red"]
        if kind == .cargo { outputs["barrier"] = context.barrierOpen ? "open" : "closed" }
        let decisions: [JSONValue] = context.recentDecisions.map { decision in
            [
                "crossing": .string(decision.crossing), "decision": .string(decision.decision.rawValue),
                "decidedAt": .string(decision.decidedAt.rfc3339), "subject": decision.subject,
                "reasons": .array(decision.reasons.map(\.jsonValue)),
                "override": context.overrides[decision.crossing]?.jsonValue ?? .null,
            ]
        }
        return [
            "lane": .string(id), "kind": .string(kind.rawValue), "phase": .string(phase.rawValue),
            "crossing": machine.assembly.map { .string($0.id) } ?? .null, "current": current, "loops": .object(loops), "outputs": .object(outputs),
            "clockSynced": .bool(context.clockSynced),
            "reference": context.reference.map { ["version": .number(Double($0.version)), "issuedAt": .string($0.issuedAt.rfc3339)] } ?? .null,
            "activeFaults": .array(context.activeFaults.values.sorted { $0.device < $1.device }.map {
                ["device": .string($0.device), "reason": .string($0.reason), "since": .string($0.since.rfc3339)]
            }),
            "heldReadings": .number(Double(context.held.count)),
            "rulePack": engine.pack.summary,
            "recentDecisions": .array(decisions),
        ]
    }
}
