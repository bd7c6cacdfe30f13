import Agent
import LaneIO

/// The `gpio` lines: each lane's chip opens and has every line the lane names.
public enum GPIOCheck {
    /// One line per lane; a single ok line when no lane uses GPIO.
    public static func check(_ lanes: [LaneSettings], agentRunning: Bool, chips: LaneChips = LaneChips()) -> [SelfTestCheck] {
        guard !lanes.isEmpty else { return [SelfTestCheck("gpio", nil, .ok, "no lanes configured, so no GPIO lines are used")] }
        return lanes.map { check($0, agentRunning: agentRunning, chips: chips) }
    }

    static func check(_ lane: LaneSettings, agentRunning: Bool, chips: LaneChips) -> SelfTestCheck {
        let wanted = names(lane.gpio.lines)
        let chip: any GPIOChip
        do { chip = try chips.chip(for: lane) } catch {
            let present = GPIOChips.available()
            return SelfTestCheck("gpio", lane.id, .fail, error.description,
                                 remedy: present.isEmpty ? """
                                     this machine has no /dev/gpiochip*: run on the lane board, or set chip = \"simulated\" to try the \
                                     configuration
                                     """
                                     : "chips present: \(present.joined(separator: ", ")); set [lanes.gpio] chip to the one wired to the lane")
        }
        if lane.gpio.chip == LaneGPIOSettings.simulatedChip {
            return SelfTestCheck("gpio", lane.id, .ok, "simulated chip with \(wanted.count) lines (\(wanted.joined(separator: ", "))): no barrier, turnstile or light is driven")
        }
        let lines: [GPIOLineInfo]
        do { lines = try chip.lines() } catch {
            return SelfTestCheck("gpio", lane.id, .fail, error.description)
        }
        let missing = wanted.filter { name in !lines.contains { $0.name == name } }
        if !missing.isEmpty {
            return SelfTestCheck("gpio", lane.id, .fail, "\(chip.name) has no line named \(missing.joined(separator: ", "))",
                                 remedy: "`laneagent diag gpio --chip \(chip.name) --list` shows the line names; fix [lanes.gpio]")
        }
        let ours = "laneagent-\(lane.id)"
        let heldByOthers = lines.filter { line in
            wanted.contains(line.name ?? "") && line.isUsed && (!agentRunning || line.consumer != ours)
        }
        if !heldByOthers.isEmpty {
            let holders = heldByOthers.map { "\($0.name ?? "?") by \($0.consumer ?? "an unnamed consumer")" }.joined(separator: ", ")
            return SelfTestCheck("gpio", lane.id, .fail, "\(chip.name): lines held by another program: \(holders)",
                                 remedy: "stop that program; the lane cannot drive or watch a line someone else holds")
        }
        return SelfTestCheck("gpio", lane.id, .ok,
                             """
                                 \(chip.name) has all \(wanted.count) lines (\(wanted.joined(separator: ", ")))
                                 """ + (agentRunning ? ", held by the running agent" : ", free"))
    }

    /// The lines a lane names, in role order.
    static func names(_ lines: LaneLineNames) -> [String] {
        [lines.entryLoop, lines.exitLoop, lines.passage, lines.barrier, lines.turnstile, lines.green, lines.red].compactMap { $0 }
    }
}
