import AgentTesting
import DeviceKit
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// `laneagent diag simulate scale` and `diag scale`/`diag serial`/`diag drivers`, as a technician runs them.
@Suite("Scale diagnostics from the command line", .timeLimit(.minutes(2)))
struct DiagScaleCommandTests {
    /// A running `diag simulate scale`, stopped (SIGTERM) when released.
    final class Simulator: Sendable {
        let process: ChildProcess
        let link: String

        init(driver: String, link: String, _ extra: [String] = []) async throws {
            self.link = link
            process = try ChildProcess(CommandRunner.laneagentPath, ["diag", "simulate", "scale", "--driver", driver, "--link", link] + extra)
            // It prints its banner once the link is in place.
            await process.waitForOutput("simulating", seconds: 4)
        }

        func stop() async -> Int32 {
            process.signal(SIGTERM)
            return await process.wait()
        }

        // A test that did not stop it: SIGTERM still makes it remove its link.
        deinit { process.signal(SIGTERM) }
    }

    @Test("--stable --json prints readings as JSON until the first stable one, and exits 0", arguments: ["yaohua-xk3190", "toledo-continuous", "mt-sics", "sma"])
    func stableJSON(_ driver: String) async throws {
        let directory = TemporaryDirectory("diag")
        let simulator = try await Simulator(driver: driver, link: directory.file("scale-1"), ["--weight", "24350", "--noise", "4"])
        let output = try await CLI.run("diag", "scale", "--port", simulator.link, "--driver", driver, "--stable", "--json", "--raw")
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map { try! JSONParser.parse(Array($0.utf8)) }
        let last = try #require(lines.last)
        #expect(last["stable"] == .bool(true) && last["status"] == .string("ok"))
        #expect(Set(last.objectValue!.keys) == ["time", "weightKg", "stable", "status", "gross", "raw"])
        guard case .number(let weight)? = last["weightKg"] else { Issue.record("no weight: \(last)"); return }
        #expect(abs(weight - 24350) <= 30, "noise ±4 kg around 24350 kg, one decimal at most")
        #expect(Timestamp(rfc3339: last["time"]!.stringValue!) != nil)
        #expect(Hex.decode(last["raw"]!.stringValue!) != nil)
        #expect(await simulator.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: simulator.link), "the simulator removes its link when stopped")
    }

    @Test("--count prints that many text lines with weight, stability, status and gross/net")
    func countText() async throws {
        let directory = TemporaryDirectory("diag")
        let simulator = try await Simulator(driver: "sma", link: directory.file("scale-1"), ["--weight", "1560"])
        let output = try await CLI.run("diag", "scale", "--port", simulator.link, "--driver", "sma", "--count", "3")
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains(" 1560 kg  stable  ok") && $0.hasSuffix("gross") })
    }

    @Test("a scripted truck drives on: readings move, then settle; overload is reported")
    func script() async throws {
        let directory = TemporaryDirectory("diag")
        let script = directory.file("truck.jsonl")
        // The ramp starts with the simulator, not with the reader: long enough that a reader
        // started seconds later on a loaded machine still sees the truck moving.
        try """
            {"seconds": 8, "weightKg": 0, "toKg": 30000}
            {"seconds": 30, "weightKg": 30000}
            """.write(toFile: script, atomically: true, encoding: .utf8)
        let simulator = try await Simulator(driver: "toledo-continuous", link: directory.file("scale-1"), ["--script", script])
        let output = try await CLI.run("diag", "scale", "--port", simulator.link, "--driver", "toledo-continuous", "--stable", "--json")
        #expect(output.status == 0, "\(output.stderr)")
        let readings = output.stdout.split(separator: "\n").map { try! JSONParser.parse(Array($0.utf8)) }
        #expect(readings.contains { $0["status"] == .string("motion") })
        #expect(readings.last?["weightKg"] == .number(30000))

        let overload = try await Simulator(driver: "mt-sics", link: directory.file("scale-2"),
                                           ["--script",
                                            writeScript(directory, "{\"seconds\": 60, \"weightKg\": 90000, \"status\": \"overload\"}")])
        let over = try await CLI.run("diag", "scale", "--port", overload.link, "--driver", "mt-sics", "--count", "1", "--json")
        #expect(over.status == 0, "\(over.stderr)")
        #expect(over.stdout.contains("\"status\":\"overload\"") && over.stdout.contains("\"weightKg\":null"))
    }

    private func writeScript(_ directory: TemporaryDirectory, _ text: String) async throws -> String {
        let path = directory.file("script-\(text.utf8.count).jsonl")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("unknown driver and missing port exit 2 naming them")
    func usageErrors() async throws {
        let unknown = try await CLI.run("diag", "scale", "--port", "/dev/null", "--driver", "yaohua")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown driver 'yaohua'") && unknown.stderr.contains("yaohua-xk3190, toledo-continuous, mt-sics, sma"))
        let missing = try await CLI.run("diag", "scale", "--port", "/dev/laneagent/nope", "--driver", "sma")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/dev/laneagent/nope") && missing.stderr.contains("LA-SERIAL-001"))
        let badBaud = try await CLI.run("diag", "scale", "--port", "/dev/null", "--driver", "sma", "--baud", "1234")
        #expect(badBaud.status == 2 && badBaud.stderr.contains("baud 1234"))
        let simulate = try await CLI.run("diag", "simulate", "scale", "--driver", "nope", "--link", "/tmp/x")
        #expect(simulate.status == 2 && simulate.stderr.contains("unknown driver 'nope'"))
    }

    @Test("no bytes before --timeout: exit 1 pointing at cable, port and power")
    func silentLine() async throws {
        let terminal = try PseudoTerminal()
        let output = try await CLI.run("diag", "scale", "--port", terminal.slavePath, "--driver", "yaohua-xk3190", "--timeout", "1")
        #expect(output.status == 1)
        #expect(output.stderr.contains("no bytes from \(terminal.slavePath) in 1 s") && output.stderr.contains("cable"))
    }

    @Test("bytes but no valid frame: exit 1 with frame errors, what the bytes look like and the driver they fit")
    func wrongDriver() async throws {
        let directory = TemporaryDirectory("diag")
        let simulator = try await Simulator(driver: "yaohua-xk3190", link: directory.file("scale-1"), ["--weight", "1560"])
        let output = try await CLI.run("diag", "scale", "--port", simulator.link, "--driver", "toledo-continuous", "--timeout", "1.5")
        #expect(output.status == 1)
        #expect(output.stderr.contains("frame error: "))
        #expect(output.stderr.contains("but no valid toledo-continuous frame") && output.stderr.contains("9600 8N1"))
        #expect(output.stderr.contains("02 2b 30 30 31 35 36 30 30 31 39 03"))
        #expect(output.stderr.contains("try --driver yaohua-xk3190"))
    }

    @Test("a Toledo set to send no checksum: read with --no-checksum; without it the diagnosis says so")
    func toledoWithoutChecksum() async throws {
        let directory = TemporaryDirectory("diag")
        let simulator = try await Simulator(driver: "toledo-continuous", link: directory.file("scale-1"), ["--weight", "1560", "--no-checksum"])
        let read = try await CLI.run("diag", "scale", "--port", simulator.link, "--driver", "toledo-continuous", "--no-checksum", "--count", "2")
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.split(separator: "\n").count == 2 && read.stdout.contains(" 1560 kg"))
        let wrong = try await CLI.run("diag", "scale", "--port", simulator.link, "--driver", "toledo-continuous", "--timeout", "1.5")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("They decode as toledo-continuous without a checksum byte: set checksum = false (diag scale: --no-checksum)"), "\(wrong.stderr)")
        let refused = try await CLI.run("diag", "scale", "--port", simulator.link, "--driver", "sma", "--no-checksum")
        #expect(refused.status == 2 && refused.stderr.contains("--no-checksum is for toledo-continuous"))
    }

    @Test("--zero zeroes an MT-SICS scale and later readings start from zero")
    func zero() async throws {
        let directory = TemporaryDirectory("diag")
        let simulator = try await Simulator(driver: "mt-sics", link: directory.file("scale-1"), ["--weight", "120"])
        let output = try await CLI.run("diag", "scale", "--port", simulator.link, "--driver", "mt-sics", "--zero", "--count", "1", "--json")
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("zero: done (Z A)"))
        #expect(output.stdout.contains("\"weightKg\":0"))
        let refused = try await CLI.run("diag", "scale", "--port", simulator.link, "--driver", "sma", "--zero")
        #expect(refused.status == 2 && refused.stderr.contains("no zero command"))
    }

    @Test("diag serial shows the raw bytes as hex and ASCII; diag drivers lists every driver")
    func serialAndDrivers() async throws {
        let directory = TemporaryDirectory("diag")
        let simulator = try await Simulator(driver: "yaohua-xk3190", link: directory.file("scale-1"), ["--weight", "1560"])
        let serial = try await CLI.run("diag", "serial", "--port", simulator.link, "--baud", "1200", "--seconds", "0.5")
        #expect(serial.status == 0, "\(serial.stderr)")
        #expect(serial.stdout.contains("02 2b 30 30 31 35 36 30 30 31 39 03") && serial.stdout.contains("|.+001560019.|"))

        let polled = try await Simulator(driver: "mt-sics", link: directory.file("scale-2"), ["--weight", "1560"])
        let asked = try await CLI.run("diag", "serial", "--port", polled.link, "--send", "SI\\r\\n", "--seconds", "0.5")
        #expect(asked.stdout.contains("|S S     1560.0 k|"), "\(asked.stdout)")

        let drivers = try await CLI.run("diag", "drivers", "--json")
        #expect(drivers.status == 0)
        let list = try JSONParser.parse(Array(drivers.stdout.utf8))
        guard case .array(let entries) = list else { Issue.record("not an array"); return }
        let names = entries.compactMap { $0["name"]?.stringValue }
        #expect(Array(names.prefix(4)) == ["yaohua-xk3190", "toledo-continuous", "mt-sics", "sma"])
        #expect(Set(names).isSuperset(of: ["hikvision-anpr", "generic-plate-json", "serial-code", "hid-code", "serial-mrz", "generic-container-json",
                                           "generic-scan-json", "scan-folder", "hikvision-access", "zkteco-push"]))
        #expect(entries.allSatisfy { $0["kind"]?.stringValue?.isEmpty == false && $0["protocol"]?.stringValue != nil && $0["transport"]?.stringValue != nil })
        #expect(entries.filter { $0["transport"] == "serial" }.allSatisfy { $0["line"]?.stringValue != nil })
        // How far each driver is proven, and what is not.
        let levels = Dictionary(uniqueKeysWithValues: entries.compactMap { entry in entry["name"]?.stringValue.map { ($0, entry["verified"]?.stringValue) } })
        #expect(levels["toledo-continuous"] == "third-party" && levels["sma"] == "vendor-table" && levels["generic-scan-json"] == "own-format"
                && levels["serial-code"] == "assumption")
        #expect(entries.allSatisfy { ["third-party", "vendor-table", "assumption", "own-format"].contains($0["verified"]?.stringValue ?? "")
            && $0["unverified"]?.stringValue?.isEmpty == false })
        let table = try await CLI.run("diag", "drivers")
        #expect(table.stdout.contains("VERIFIED") && table.stdout.contains("third-party"))
    }
}

@Suite("laneagent run with a scale", .timeLimit(.minutes(2)))
struct ScaleDaemonTests {
    @Test("the daemon records device.connected, one device.fault while the scale is unplugged, and device.connected again")
    func health() async throws {
        let directory = TemporaryDirectory("daemon")
        let link = directory.file("scale-1")
        let agent = try TestAgent(extraConfig: """

            [[devices]]
            id = "scale-1"
            kind = "scale"
            driver = "toledo-continuous"
            port = "\(link)"
            """)
        var simulator: DiagScaleCommandTests.Simulator? = try await .init(driver: "toledo-continuous", link: link, ["--weight", "24350"])
        let daemon = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
        await daemon.waitForOutput("device connected")
        _ = await simulator?.stop()
        simulator = nil
        await daemon.waitForOutput("device fault")
        // The daemon keeps retrying while the port is missing; that must not add records.
        try await Task.sleep(for: .milliseconds(1500))
        simulator = try await .init(driver: "toledo-continuous", link: link, ["--weight", "24350"])
        await daemon.waitForOutput("device connected", count: 2)
        daemon.signal(SIGTERM)
        #expect(await daemon.wait() == 0, "\(daemon.stderr)")
        let records = try CLI.records(agent)
        #expect(records.map(\.kind) == ["agent.started", "device.connected", "device.fault", "device.connected", "agent.stopped"]
            || records.map(\.kind) == ["device.connected", "agent.started", "device.fault", "device.connected", "agent.stopped"],
            "\(records.map(\.kind))")
        let fault = try #require(records.first { $0.kind == "device.fault" })
        #expect(fault.body["device"] == .string("scale-1") && fault.body["code"] == .string("LA-SERIAL-005"))
        #expect(records.last { $0.kind == "device.connected" }?.body["reconnects"] == .number(1))
    }
}
