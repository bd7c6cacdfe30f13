import Agent
import AgentTesting
import DeviceKit
import LaneAgentTesting
import LaneModel
import Testing

/// What the status page and `/metrics` say of each device, from what its service reported.
@Suite("Device monitor")
struct DeviceMonitorTests {
    @Test("frames, rejections, a fault and the reconnect after it; devices not configured are ignored")
    func faultAndReconnect() throws {
        let rules = TemporaryDirectory("rules")
        let agent = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: try TestLaneConfig.rulePack(in: rules)))
        let monitor = DeviceMonitor(devices: agent.config.devices, lanes: agent.config.lanes)
        #expect(monitor.snapshot.map(\.device) == ["face-1"])
        #expect(monitor.snapshot.first?.lane == "P1")
        #expect(monitor.snapshot.first?.connected == nil, "an HTTP device never reports a connection")

        let start = Timestamp(millisecondsSinceEpoch: 1_800_000_000_000)
        monitor.frame(device: "face-1", at: start)
        monitor.frame(device: "face-1", at: Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + 500))
        monitor.frameError(device: "face-1", reason: "not JSON")
        monitor.frame(device: "face-9", at: start)
        var health = DeviceHealth(device: "face-1")
        monitor.health(device: "face-1", health, failure: "LA-SERIAL-005: the device went away", at: start)
        health.reconnects = 1
        monitor.health(device: "face-1", health, failure: nil, at: start)

        let row = try #require(monitor.snapshot.first)
        #expect(row.frames == 2 && row.frameErrors == 1 && row.reconnects == 1)
        #expect(row.connected == true && row.faultSince == nil)
        #expect(row.lastError == "LA-SERIAL-005: the device went away", "the last error stays for the technician after recovery")
        #expect(row.lastReadingAge(at: Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + 2500)) == 2)
        #expect(monitor.snapshot.count == 1)
    }
}
