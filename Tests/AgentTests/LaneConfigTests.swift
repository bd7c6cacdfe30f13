import Agent
import ConfigFile
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

@Suite("[[lanes]] configuration")
struct LaneConfigTests {
    static let devices = """
        [agent]
        device = "d"
        site = "s"
        state_dir = "/x"

        [[devices]]
        id = "scale-1"
        kind = "scale"
        driver = "yaohua-xk3190"
        port = "/dev/laneagent/scale-1"

        [[devices]]
        id = "face-1"
        kind = "face-terminal"
        driver = "hikvision-access"
        address = "127.0.0.1"

        [evidence]
        seal_to = "\(Data(repeating: 1, count: 32).base64EncodedString())"

        """

    static func lane(id: String = "C1", devices: String = "[\"scale-1\"]", rules: String = "rules.toml", gpio: String? = nil) -> String {
        """

        [[lanes]]
        id = "\(id)"
        kind = "cargo"
        devices = \(devices)
        rules = "\(rules)"
        [lanes.gpio]
        \(gpio ?? "chip = \"simulated\"\nentry_loop = \"\(id)_IN\"\nexit_loop = \"\(id)_OUT\"\nbarrier = \"\(id)_BAR\"\ngreen = \"\(id)_G\"\nred = \"\(id)_R\"")

        """
    }

    /// A config in a folder holding the sample rule pack as rules.toml.
    static func parse(_ text: String) throws(ConfigError) -> AgentConfig {
        let directory = TemporaryDirectory("lanes")
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../deploy/rules/default.toml").standardized.path
        try? FileManager.default.copyItem(atPath: sample, toPath: directory.file("rules.toml"))
        return try AgentConfig.parse(text, path: directory.file("agent.toml"))
    }

    @Test("a lane reads its devices, its rule pack (relative to the config) and its GPIO roles")
    func validLane() throws {
        let config = try Self.parse(Self.devices + Self.lane())
        let lane = try #require(config.lanes.first)
        #expect(lane.id == "C1" && lane.kind == .cargo && lane.devices == ["scale-1"])
        #expect(lane.rulePack.name == "huu-nghi-cargo" && lane.rulesPath.hasSuffix("/rules.toml"))
        #expect(lane.gpio.chip == "simulated" && lane.gpio.lines.barrier == "C1_BAR" && lane.gpio.lines.debounceMilliseconds == 50)
        #expect(config.summary.contains("lanes: C1 (cargo"))
    }

    @Test("mistakes are named with their line", arguments: [
        (lane(devices: "[\"scale-9\"]"), "is not a configured device"),
        (lane(devices: "[\"face-1\"]"), "cannot feed a cargo lane"),
        (lane() + lane(id: "C2"), "already feeds lane 'C1'"),
        (lane() + lane(id: "C1", devices: "[]"), "duplicate lane id 'C1'"),
        (lane(rules: "missing.toml"), "the rule pack does not exist"),
        (lane(gpio: "chip = \"simulated\"\nentry_loop = \"IN\"\nexit_loop = \"OUT\"\ngreen = \"G\"\nred = \"R\""), "missing required key 'barrier'"),
        (lane(gpio: "chip = \"simulated\"\nentry_loop = \"IN\"\nexit_loop = \"IN\"\nbarrier = \"B\"\ngreen = \"G\"\nred = \"R\""),
         "uses line IN, which entry_loop already uses"),
        (lane(gpio: "chip = \"simulated\"\nentry_loop = \"IN\"\nexit_loop = \"OUT\"\nbarrier = \"B\"\ngreen = \"G\"\nred = \"R\"\nlamp = \"L\""), "unknown key 'lamp'"),
    ])
    func mistakes(_ lane: String, _ message: String) {
        do {
            _ = try Self.parse(Self.devices + lane)
            Issue.record("accepted: \(lane)")
        } catch {
            #expect(error.problems.contains { $0.message.contains(message) && $0.line > 0 }, "\(error)")
        }
    }
}
