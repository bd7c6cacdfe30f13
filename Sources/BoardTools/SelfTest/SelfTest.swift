import Agent
import Foundation
import Journal
import LaneModel

/// `laneagent diag selftest`: every check a technician runs after installing or repairing a
/// lane board, one line each: configuration, key, journal, devices, GPIO, USB, clock, uplink
/// and reference data. Devices are read in parallel, each check has a deadline.
public struct SelfTest: Sendable {
    /// How long to wait for each device's first valid frame.
    public var deviceSeconds: Double
    /// Where the kernel's clock state comes from (the kernel, or the test seam).
    public var clock: ClockStateSource
    /// The USB devices present (the executable lists them with libusb).
    public var usb: USBCheck.Listing
    /// The deadline of the uplink and reference checks.
    public var uplinkSeconds: Double = 60

    public init(deviceSeconds: Double = 5, clock: ClockStateSource = .kernel, usb: @escaping @Sendable () throws -> [USBPresentDevice]) {
        self.deviceSeconds = deviceSeconds
        self.clock = clock
        self.usb = usb
    }

    /// The `config` line of a configuration that loaded and validated.
    public static func configCheck(_ config: AgentConfig) -> SelfTestCheck {
        SelfTestCheck("config", nil, .ok,
                      "\(config.path) is valid: device \(config.agent.device), site \(config.agent.site), \(config.devices.count) device\(config.devices.count == 1 ? "" : "s"), \(config.lanes.count) lane\(config.lanes.count == 1 ? "" : "s"), sha256 \(config.sha256.prefix(12))…")
    }

    /// The `config` line of a configuration that did not load.
    public static func configCheck(failed error: any LaneAgentError) -> SelfTestCheck {
        SelfTestCheck("config", nil, .fail, error.description)
    }

    /// Runs every check against `config`, in the order they print.
    public func run(_ config: AgentConfig) async -> SelfTestReport {
        let agentRunning = JournalReader.writerIsActive(paths: config.paths)
        var checks = [Self.configCheck(config)]
        let (keyCheck, key) = JournalCheck.key(config)
        checks.append(keyCheck)
        checks.append(JournalCheck.journal(config, key: key, writerActive: agentRunning))

        let seconds = deviceSeconds
        let uplinkSeconds = self.uplinkSeconds
        async let uplink = SelfTestDeadline.run(seconds: uplinkSeconds, late: {
            (SelfTestCheck("uplink", nil, .fail, "no answer within \(Int(uplinkSeconds)) s", remedy: "`laneagent diag uplink --config FILE` shows which layer hangs"),
             ClockCheck.Skew.unavailable("the uplink check did not finish"))
        }, { await UplinkCheck.check(config) })
        let devices = await withTaskGroup(of: (Int, SelfTestCheck).self) { group in
            for (index, device) in config.devices.enumerated() {
                group.addTask {
                    let check = await SelfTestDeadline.run(seconds: seconds + 10, late: {
                        SelfTestCheck("device", device.id, .fail, "\(device.port) did not answer or close within \(Int(seconds + 10)) s",
                                      remedy: "the port hangs: unplug and replug the adapter")
                    }) { await DeviceCheck.check(device, seconds: seconds, agentRunning: agentRunning) }
                    return (index, check)
                }
            }
            var results: [(Int, SelfTestCheck)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        checks += devices
        checks += GPIOCheck.check(config.lanes, agentRunning: agentRunning)
        checks += USBCheck.check(config.devices, listing: usb)
        let (uplinkCheck, skew) = await uplink
        checks.append(ClockCheck.check(clock.read(), source: clock, skew: skew))
        checks.append(uplinkCheck)
        checks.append(ReferenceCheck.check(config))
        return SelfTestReport(checks: checks, agentRunning: agentRunning)
    }
}

/// What `diag selftest` found.
public struct SelfTestReport: Sendable {
    public let checks: [SelfTestCheck]
    /// `laneagent run` held the journal, so device ports were not read.
    public let agentRunning: Bool

    public init(checks: [SelfTestCheck], agentRunning: Bool) {
        self.checks = checks
        self.agentRunning = agentRunning
    }

    /// True when no check failed (warnings do not fail the self-test).
    public var ok: Bool { !checks.contains { $0.status == .fail } }

    /// One line per check, labels in a column.
    public var lines: [String] {
        let width = min(18, (checks.map(\.label.count).max() ?? 0) + 1)
        return checks.map { $0.line(labelWidth: width) }
    }

    /// `{"ok","agentRunning","checks":[…]}`.
    public var jsonValue: JSONValue {
        ["ok": .bool(ok), "agentRunning": .bool(agentRunning), "checks": .array(checks.map(\.jsonValue))]
    }
}
