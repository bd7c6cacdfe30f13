import Agent
import Foundation
import LaneModel
import Rules
import Uplink

/// The `uplink` line: `diag uplink`'s layered walk (config, DNS, TCP, TLS, HTTP, device),
/// folded into one line; its clock step feeds the `clock` line.
public enum UplinkCheck {
    /// The uplink line and what the server's clock said.
    public static func check(_ config: AgentConfig) async -> (SelfTestCheck, ClockCheck.Skew) {
        guard let settings = config.uplink else {
            return (SelfTestCheck("uplink", nil, .ok, "no [uplink]: this board keeps its records and does not upload"), .notConfigured)
        }
        var steps: [UplinkDiagnosis.Step] = []
        _ = await UplinkDiagnosis(settings: settings, device: config.agent.device).run { steps.append($0) }
        let clock = steps.first { $0.name == "clock" }
        let skew: ClockCheck.Skew = clock?.skewSeconds.map { .measured($0) }
            ?? .unavailable(clock?.detail ?? "the uplink check stopped before the clock could be compared")
        if let failed = steps.first(where: { !$0.ok && $0.name != "clock" }) {
            let which = settings.baseURLs.count > 1 ? "\(failed.url) " : ""
            return (SelfTestCheck("uplink", nil, .fail, "\(which)\(failed.name): \(failed.detail)",
                                  remedy: """
                                      `laneagent diag uplink --config FILE` walks each layer; records wait in the journal until it is fixed
                                      """), skew)
        }
        // Every receiver passed the same steps: name them once.
        let summary = steps.filter { $0.url == settings.baseURL && $0.name != "clock" && $0.name != "config" }.map { "\($0.name) ok" }
            .joined(separator: ", ")
        let device = steps.first { $0.name == "device" }?.detail ?? ""
        return (SelfTestCheck("uplink", nil, .ok, "\(settings.baseURLs.joined(separator: ", ")): \(summary); \(device)"), skew)
    }
}

/// The `reference` line: reference data is held, verified, unexpired and young enough for
/// the lanes' rule packs (older data makes every crossing REFER).
public enum ReferenceCheck {
    public static func check(_ config: AgentConfig, now: Timestamp = .now()) -> SelfTestCheck {
        let needed = !config.lanes.isEmpty
        let missing: SelfTestCheck.Status = needed ? .fail : .warn
        guard let store = config.referenceStore else {
            if !needed && config.reference.file == nil {
                return SelfTestCheck("reference", nil, .ok, "no lanes decide on this board and no [uplink] central_key is set: reference data is not used")
            }
            return SelfTestCheck("reference", nil, missing, "[uplink] central_key is not set, so no reference data can be verified",
                                 remedy: "set central_key to the clearance service's reference signing key; until then lanes REFER every crossing")
        }
        let held: HeldReference?
        do { held = try store.load() } catch {
            return SelfTestCheck("reference", nil, .fail, error.description)
        }
        guard let held else {
            return SelfTestCheck("reference", nil, missing, "no reference data held yet (\(store.path))",
                                 remedy: """
                                     run `laneagent reference sync --config FILE` (the agent fetches it every \
                                     \(config.reference.refreshSeconds) s)
                                     """)
        }
        let age = held.ageSeconds(now: now)
        let limit = config.lanes.map(\.rulePack.thresholds.referenceMaxAgeSeconds).min() ?? RuleThresholds().referenceMaxAgeSeconds
        let detail = "version \(held.data.version) issued \(held.data.issuedAt.rfc3339), \(duration(age)) old (limit \(duration(limit))), from \(held.source)"
        if let expires = held.data.expiresAt, expires <= now {
            return SelfTestCheck("reference", nil, .fail, detail + "; expired at \(expires.rfc3339)",
                                 remedy: "ask the central service to publish a current copy, then `laneagent reference sync --config FILE`")
        }
        if age > limit {
            return SelfTestCheck("reference", nil, .fail, detail,
                                 remedy: """
                                     lanes REFER every crossing with data this old: fix the uplink, then `laneagent reference sync --config \
                                     FILE`
                                     """)
        }
        if config.reference.file == nil, age > 3 * config.reference.refreshSeconds, config.uplink != nil {
            return SelfTestCheck("reference", nil, .warn, detail + "; not renewed for more than 3 refresh periods (\(config.reference.refreshSeconds) s)",
                                 remedy: "check the uplink line; the central service may not have published since")
        }
        return SelfTestCheck("reference", nil, .ok, detail)
    }

    /// `45 s`, `12 min`, `3.5 h`, `2 d`.
    static func duration(_ seconds: Int) -> String {
        switch seconds {
        case ..<120: "\(seconds) s"
        case ..<7_200: "\(seconds / 60) min"
        case ..<172_800: String(format: "%.1f h", Double(seconds) / 3_600)
        default: "\(seconds / 86_400) d"
        }
    }
}
