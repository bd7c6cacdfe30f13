import Agent
import BoardTools
import ConfigFile
import DeviceKit
import Foundation
import LaneAgentTesting
import Testing

/// Tables small enough to read the expected rules off.
private enum UdevFixture {
    static let bridge = USBIdentity(vendor: 0x0403, product: 0x6001, name: "FTDI FT232R USB-serial bridge")
    static let serialReader = USBIdentity(vendor: 0x1EAB, product: 0x1D06, name: "Newland FM430, USB serial CDC")
    static let keyboardReader = USBIdentity(vendor: 0x0C2E, product: 0x0204, name: "Metrologic MS7120, keyboard mode")
    static let fingerprint = USBIdentity(vendor: 0x05BA, product: 0x000A, name: "DigitalPersona U.are.U 4500")

    static let ruleSet = UdevRuleSet(
        drivers: [
            DriverDescription(name: "serial-code", kinds: ["code-reader"], transport: .serial, protocolName: "lines",
                              folder: "CodeReaders/SerialCode",
                              usbIdentities: [serialReader, USBIdentity(vendor: 0x0403, product: 0x6001, name: "reader on an FTDI")],
                              verification: DriverVerification(.assumption, unverified: "a test catalogue")),
            DriverDescription(name: "hid-code", kinds: ["code-reader"], transport: .evdev, protocolName: "keys",
                              folder: "CodeReaders/HIDCode", usbIdentities: [keyboardReader],
                              verification: DriverVerification(.assumption, unverified: "a test catalogue")),
            DriverDescription(name: "hikvision-anpr", kinds: ["plate-reader"], transport: .http, protocolName: "ISAPI", folder: "PlateReaders/HikvisionANPR",
                              usbIdentities: [USBIdentity(vendor: 0x2BDF, product: 0x0001, name: "not a USB driver")],
                              verification: DriverVerification(.assumption, unverified: "a test catalogue")),
        ],
        serialBridges: [bridge], fingerprintReaders: [fingerprint])

    static let header = """
        [agent]
        device = "HN1119-C03"
        site = "huu-nghi-1119"
        state_dir = "/var/lib/laneagent"

        """

    static func config(_ devices: String) throws(ConfigError) -> AgentConfig {
        try AgentConfig.parse(header + devices, path: "/etc/laneagent/agent.toml")
    }

    static func problems(_ devices: String) -> [ConfigProblem] {
        do {
            _ = try config(devices)
            return []
        } catch {
            return error.problems
        }
    }

    /// The rule lines (not comments, not blank).
    static func rules(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
    }

    static let scale = """
        [[devices]]
        id = "scale-1"
        kind = "scale"
        driver = "yaohua-xk3190"
        port = "/dev/laneagent/scale-1"
        usb_vendor = "0403"
        usb_product = "6001"
        usb_serial = "A10KZP3Q"

        """
}

@Suite("udev rules: generated from the id tables and the site's devices")
struct UdevRulesTests {
    @Test("without a site: group laneagent for GPIO chips, bridge and reader ttys, keyboard readers and fingerprint readers")
    func genericRules() throws {
        let rules = UdevFixture.rules(try UdevFixture.ruleSet.render())
        let grant = #"GROUP="laneagent", MODE="0660""#
        #expect(rules.contains(#"SUBSYSTEM=="gpio", KERNEL=="gpiochip[0-9]*", "# + grant))
        #expect(rules.contains(#"SUBSYSTEM=="tty", ATTRS{idVendor}=="0403", ATTRS{idProduct}=="6001", "# + grant))
        #expect(rules.contains(#"SUBSYSTEM=="tty", ATTRS{idVendor}=="1eab", ATTRS{idProduct}=="1d06", "# + grant))
        #expect(rules.contains(#"SUBSYSTEM=="input", KERNEL=="event[0-9]*", ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0204", "# + grant))
        #expect(rules.contains(#"SUBSYSTEM=="usb", ENV{DEVTYPE}=="usb_device", ATTR{idVendor}=="05ba", ATTR{idProduct}=="000a", "# + grant))
        // An HTTP driver's ids make no device rules; no site, no links.
        #expect(!rules.contains { $0.contains("2bdf") })
        #expect(!rules.contains { $0.contains("SYMLINK") })
        // A VID:PID in two tables is one tty rule, whose comment names both.
        #expect(rules.filter { $0.hasPrefix(#"SUBSYSTEM=="tty", ATTRS{idVendor}=="0403""#) }.count == 1)
        #expect(try UdevFixture.ruleSet.render().contains("# 0403:6001 FTDI FT232R USB-serial bridge; reader on an FTDI\n"))
        #expect(rules.first == #"ACTION=="remove", GOTO="laneagent_end""#)
        #expect(rules.last == #"LABEL="laneagent_end""#)
    }

    @Test("a site's USB devices get /dev/laneagent/<id> links by VID:PID and serial number, or port path")
    func siteLinks() throws {
        let config = try UdevFixture.config(UdevFixture.scale + """
            [[devices]]
            id = "qr-1"
            kind = "code-reader"
            driver = "hid-code"
            port = "/dev/laneagent/qr-1"
            usb_vendor = "0C2E"
            usb_product = "0204"
            usb_path = "1-1.3"

            [[devices]]
            id = "mrz-1"
            kind = "document-reader"
            driver = "serial-mrz"
            port = "/dev/serial/by-id/usb-FTDI_FT230X_Basic_UART_DK0B3XQ1-if00-port0"

            """)
        let text = try UdevFixture.ruleSet.render(site: config)
        let rules = UdevFixture.rules(text)
        #expect(rules.contains(#"""
            SUBSYSTEM=="tty", ATTRS{idVendor}=="0403", ATTRS{idProduct}=="6001", ATTRS{serial}=="A10KZP3Q", SYMLINK+="laneagent/scale-1", GROUP="laneagent", \#
            MODE="0660"
            """#))
        // Hex is written lowercase, as sysfs shows it; a keyboard reader's link names its keyboard node.
        #expect(rules.contains(#"""
            SUBSYSTEM=="input", KERNEL=="event[0-9]*", ENV{ID_INPUT_KEYBOARD}=="1", KERNELS=="1-1.3", ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0204", \#
            SYMLINK+="laneagent/qr-1", GROUP="laneagent", MODE="0660"
            """#))
        #expect(rules.filter { $0.contains("SYMLINK") }.count == 2)
        #expect(text.contains("# scale-1: scale, driver yaohua-xk3190, USB 0403:6001 serial A10KZP3Q\n"))
        #expect(text.contains("`laneagent udev-rules --config /etc/laneagent/agent.toml` (sha256 \(config.sha256))"))
        // The links come after the generic rules and before the end label.
        #expect(rules.last == #"LABEL="laneagent_end""#)
        #expect(rules.firstIndex { $0.contains("SYMLINK") }! > rules.firstIndex { $0.hasPrefix(#"SUBSYSTEM=="usb""#) }!)
        // Same input, same bytes.
        #expect(try UdevFixture.ruleSet.render(site: config) == text)
    }

    @Test("every line is a comment, blank, or comma-separated KEY op \"value\" pairs udev parses")
    func syntax() throws {
        let config = try UdevFixture.config(UdevFixture.scale)
        let pair = try Regex(#"^(ACTION|SUBSYSTEM|KERNEL|KERNELS|ATTR\{[A-Za-z_]+\}|ATTRS\{[A-Za-z_]+\}|ENV\{[A-Z_]+\}|GOTO|LABEL|SYMLINK|GROUP|MODE)(==|!=|\+=|=)"[^"\\]*"$"#)
        for text in [try UdevFixture.ruleSet.render(), try UdevFixture.ruleSet.render(site: config)] {
            var labels: Set<String> = []
            var gotos: Set<String> = []
            for rule in UdevFixture.rules(text) {
                for part in rule.components(separatedBy: ", ") {
                    let match = try #require(part.wholeMatch(of: pair), "not a udev key/value pair: \(part) in \(rule)")
                    let key = String(match.output[1].substring!)
                    let operation = String(match.output[2].substring!)
                    let assigns = ["GOTO", "LABEL", "SYMLINK", "GROUP", "MODE"].contains(key)
                    #expect(assigns ? ["=", "+="].contains(operation) : ["==", "!="].contains(operation), "\(part)")
                    let value = String(part.split(separator: "\"")[1])
                    if key == "LABEL" { labels.insert(value) }
                    if key == "GOTO" { gotos.insert(value) }
                }
            }
            #expect(gotos.isSubset(of: labels))
        }
    }

    @Test("config check refuses wrong usb_ keys, each at its line", arguments: [
        ("usb_vendor = \"403\"", 10, "usb_vendor = \"403\" is not 4 hex digits"),
        ("usb_serial = \"A10*\"", 12, "'*', which udev would read as quoting, a pattern or a substitution"),
        ("usb_serial = \"A1 0\"", 12, "udev cannot match exactly"),
        ("usb_path = \"usb1/1-1\"", 13, "is not a USB port path"),
        ("port = \"/dev/ttyUSB0\"", 9, "make laneagent udev-rules link the device at /dev/laneagent/scale-1; set port = \"/dev/laneagent/scale-1\""),
    ])
    func refusesBadKeys(replacement: String, line: Int, message: String) {
        let key = String(replacement.prefix { $0 != " " })
        var lines = UdevFixture.scale.components(separatedBy: "\n")
        if let index = lines.firstIndex(where: { $0.hasPrefix(key + " ") }) {
            lines[index] = replacement
        } else {
            lines.insert(replacement, at: lines.count - 1)
        }
        let problems = UdevFixture.problems(lines.joined(separator: "\n"))
        #expect(problems.count == 1)
        #expect(problems.first?.line == line)
        #expect(problems.first?.message.contains(message) == true, "\(problems)")
    }

    @Test("usb_serial without the ids, or usb keys on a network device, are refused")
    func refusesIncompleteSelectors() {
        let lonely = UdevFixture.problems("""
            [[devices]]
            id = "qr-1"
            kind = "code-reader"
            driver = "serial-code"
            port = "/dev/laneagent/qr-1"
            usb_serial = "X1"
            """)
        #expect(lonely.map(\.kind) == [.missing, .missing])
        #expect(lonely.first?.message.contains("missing required key 'usb_vendor'") == true)
        let network = UdevFixture.problems("""
            [[devices]]
            id = "anpr-1"
            kind = "plate-reader"
            driver = "hikvision-anpr"
            address = "192.168.10.64"
            usb_vendor = "0403"
            """)
        #expect(network.map(\.kind) == [.unknownKey])
        #expect(network.first?.line == 10)
    }

    @Test("two devices udev could not tell apart are refused, naming both; a distinct serial or port path is enough")
    func refusesAmbiguousDevices() throws {
        let second = { (extra: String) in """
            [[devices]]
            id = "qr-1"
            kind = "code-reader"
            driver = "serial-code"
            port = "/dev/laneagent/qr-1"
            usb_vendor = "0403"
            usb_product = "6001"
            \(extra)

            """ }
        let same = UdevFixture.problems(UdevFixture.scale + second("usb_serial = \"A10KZP3Q\""))
        #expect(same.count == 1)
        #expect(same.first?.line == 18)
        #expect(same.first?.message.contains("'qr-1'") == true && same.first?.message.contains("'scale-1'") == true)
        // A serial on one and a port path on the other could still be one device.
        #expect(UdevFixture.problems(UdevFixture.scale + second("usb_path = \"1-1.4\"")).count == 1)
        #expect(UdevFixture.problems(UdevFixture.scale + second("usb_serial = \"B20QQ\"")).isEmpty)
        let config = try UdevFixture.config(UdevFixture.scale + second("usb_serial = \"B20QQ\""))
        #expect(UdevFixture.rules(try UdevFixture.ruleSet.render(site: config)).filter { $0.contains("SYMLINK") }.count == 2)
    }

    @Test("a device id that is no safe link name is refused by config check and by the generator")
    func refusesUnsafeIDs() throws {
        let dots = UdevFixture.scale.replacingOccurrences(of: "scale-1", with: "..")
        let problems = UdevFixture.problems(dots)
        #expect(problems.count == 1)
        #expect(problems.first?.message.contains("device id '..' names a folder") == true)
        var config = try UdevFixture.config(UdevFixture.scale)
        config.devices[0].id = ".."
        #expect(throws: UdevRuleError(kind: .unsafeDeviceID, device: "..", key: "id", value: "..", problem: "names a folder, not a link, in /dev/laneagent/..")) {
            try UdevFixture.ruleSet.render(site: config)
        }
        config.devices[0].id = "scale/1"
        #expect(throws: UdevRuleError.self) { try UdevFixture.ruleSet.render(site: config) }
        config.devices[0].id = "scale-1"
        config.devices[0].usb?.serial = "A1\", MODE=\"0666"
        do {
            _ = try UdevFixture.ruleSet.render(site: config)
            Issue.record("a serial with a quote was written into a rule")
        } catch {
            #expect(error.kind == .unmatchableValue)
            #expect(error.description.hasSuffix("(LA-UDEV-002)"))
            #expect(error.description.contains("usb_serial"))
        }
    }

    @Test("a port under /dev/laneagent/ that no rule makes is reported")
    func unlinkedPorts() throws {
        let config = try UdevFixture.config(UdevFixture.scale + """
            [[devices]]
            id = "qr-1"
            kind = "code-reader"
            driver = "serial-code"
            port = "/dev/laneagent/qr-1"

            """)
        let warnings = UdevRuleSet.unlinkedPorts(in: config)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("device 'qr-1' has port /dev/laneagent/qr-1, but no rule makes that link") == true)
    }
}

@Suite("laneagent udev-rules")
struct UdevRulesCommandTests {
    static let committed = RepositoryFolder.deploy.appendingPathComponent("udev/\(UdevRuleSet.fileName)")

    @Test("the committed deploy/udev/60-laneagent.rules is what --generic generates from today's tables")
    func committedFileIsCurrent() async throws {
        let result = try await CommandRunner.laneagent(["udev-rules", "--generic"])
        #expect(result.status == 0, "\(result.stderr)")
        let committed = try String(contentsOf: Self.committed, encoding: .utf8)
        #expect(result.stdout == committed, """
            deploy/udev/60-laneagent.rules is stale: the drivers' USB id tables changed. Regenerate it with
              swift build && .build/debug/laneagent udev-rules --generic > deploy/udev/60-laneagent.rules
            and commit the result.
            """)
        // The real tables are in it: a USB-serial bridge, a keyboard-mode reader and a fingerprint reader.
        #expect(committed.contains(#"SUBSYSTEM=="tty", ATTRS{idVendor}=="1a86", ATTRS{idProduct}=="7523""#))
        #expect(committed.contains(#"SUBSYSTEM=="input", KERNEL=="event[0-9]*", ATTRS{idVendor}=="0c2e", ATTRS{idProduct}=="0204""#))
        #expect(committed.contains(#"ATTR{idVendor}=="05ba", ATTR{idProduct}=="000a""#))
    }

    @Test("every site's rules link each of its USB devices, with no warnings", arguments: InstalledSite.sites)
    func siteRules(site: String) async throws {
        let installed = try InstalledSite(site)
        let output = installed.root.file("60-laneagent.rules")
        let result = try await CommandRunner.laneagent(["udev-rules", "--config", installed.configPath, "--output", output])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "wrote \(output); apply it with: udevadm control --reload && udevadm trigger\n")
        let text = try String(contentsOfFile: output, encoding: .utf8)
        let config = try AgentConfig.load(path: installed.configPath)
        let linked = config.devices.filter { $0.usb != nil }
        #expect(!linked.isEmpty)
        for device in linked {
            #expect(UdevFixture.rules(text).filter { $0.contains("SYMLINK+=\"laneagent/\(device.id)\"") }.count == 1, "\(site): \(device.id)")
        }
        // The site file includes the packaged rules, so installing it in /etc loses nothing.
        let generic = try String(contentsOf: Self.committed, encoding: .utf8)
        for rule in UdevFixture.rules(generic) { #expect(text.contains(rule + "\n")) }
    }

    @Test("an invalid configuration exits 2 with its lines; --generic and --config together are a usage error")
    func errors() async throws {
        let directory = TemporaryDirectory("udev")
        let path = directory.file("agent.toml")
        try Data((UdevFixture.header + UdevFixture.scale.replacingOccurrences(of: "\"6001\"", with: "\"60011\"")).utf8).write(to: URL(fileURLWithPath: path))
        let invalid = try await CommandRunner.laneagent(["udev-rules", "--config", path])
        #expect(invalid.status == 2)
        #expect(invalid.stdout.isEmpty)
        #expect(invalid.stderr.hasPrefix("\(path):11: [[devices]] scale-1.usb_product = \"60011\" is not 4 hex digits"))
        let both = try await CommandRunner.laneagent(["udev-rules", "--generic", "--config", path])
        #expect(both.status == 2)
        #expect(both.stderr.contains("give either --generic or --config, not both"))
    }

    @Test("--help says where the rules go and how udev picks them up")
    func help() async throws {
        let result = try await CommandRunner.laneagent(["udev-rules", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("/etc/udev/rules.d/60-laneagent.rules"))
        #expect(result.stdout.contains("udevadm control --reload && udevadm trigger"))
    }
}
