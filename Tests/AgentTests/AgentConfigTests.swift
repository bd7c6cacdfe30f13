import Agent
import ConfigFile
import Testing

@Suite("Agent configuration")
struct AgentConfigTests {
    static let valid = """
        [agent]
        device = "HN1119-C03"
        site = "huu-nghi-1119"
        state_dir = "/var/lib/laneagent"

        [journal]
        retention_days = 30
        min_free_mb = 512
        """

    @Test("a valid file gives typed settings and a summary")
    func valid() throws {
        let config = try AgentConfig.parse(Self.valid, path: "agent.toml")
        #expect(config.agent.device == "HN1119-C03")
        #expect(config.agent.stateDirectory == "/var/lib/laneagent")
        #expect(config.journal.retentionDays == 30 && config.journal.minFreeMB == 512)
        #expect(config.journalOptions.minFreeBytes == 512 * 1_048_576)
        #expect(config.summary.hasPrefix("ok: device HN1119-C03 at site huu-nghi-1119"))
    }

    @Test("[journal] is optional and defaults to 90 days and 256 MB")
    func defaults() throws {
        let config = try AgentConfig.parse("[agent]\ndevice = \"d\"\nsite = \"s\"\nstate_dir = \"/x\"\n", path: "a.toml")
        #expect(config.journal.retentionDays == 90 && config.journal.minFreeMB == 256)
    }

    /// One case per kind of mistake: the text, the line that must be reported, the kind and a phrase.
    static let mistakes: [(String, Int, ConfigProblem.Kind, String)] = [
        (valid.replacingOccurrences(of: "site = \"huu-nghi-1119\"", with: "site = \"huu-nghi-1119"), 3, .syntax, "unterminated string"),
        (valid.replacingOccurrences(of: "retention_days = 30", with: "retention_days = \"30\""), 7, .wrongType, "must be an integer"),
        (valid.replacingOccurrences(of: "device = \"HN1119-C03\"", with: "device = 1119"), 2, .wrongType, "must be a string"),
        (valid.replacingOccurrences(of: "site = \"huu-nghi-1119\"\n", with: ""), 1, .missing, "missing required key 'site' in [agent]"),
        ("# board config\n\n" + valid.replacingOccurrences(of: "state_dir = \"/var/lib/laneagent\"\n", with: ""), 3, .missing, "missing required key 'state_dir'"),
        (valid.replacingOccurrences(of: "HN1119-C03", with: "HN 1119/C03"), 2, .invalidValue, "outside A-Z a-z 0-9 . _ -"),
        (valid.replacingOccurrences(of: "HN1119-C03", with: String(repeating: "x", count: 65)), 2, .invalidValue, "65 characters"),
        (valid.replacingOccurrences(of: "/var/lib/laneagent", with: "var/lib"), 4, .invalidValue, "absolute"),
        (valid.replacingOccurrences(of: "min_free_mb = 512", with: "min_free_mb = -1"), 8, .invalidValue, "out of range"),
        (valid.replacingOccurrences(of: "retention_days", with: "retention_day"), 7, .unknownKey, "unknown key 'retention_day' in [journal]"),
        (valid + "\n[uplnk]\nurl = \"x\"\n", 9, .unknownKey, "unknown section [uplnk]"),
        ("debug = true\n" + valid, 1, .unknownKey, "unknown key 'debug' outside any section"),
        ("[journal]\nretention_days = 30\n", 1, .missing, "missing required section [agent]"),
        (valid + "\n[uplink]\nurl = \"http://clearance.example/\"", 10, .invalidValue, "plain http to a host that is not loopback"),
        (valid + "\n[uplink]\nurl = \"https://clearance.example/\"", 10, .missing, "ca_file"),
        (valid + "\n[uplink]\nurl = \"ftp://clearance.example/\"", 10, .invalidValue, "uses ftp://"),
        (valid + "\n[uplink]\nurl = \"http://127.0.0.1:8080/\"\ncert_file = \"/etc/hostname\"", 11, .missing, "go together"),
        (valid + "\n[uplink]\nurl = \"http://127.0.0.1:8080/\"\nca_file = \"/nonexistent/ca.pem\"", 11, .invalidValue, "cannot be read"),
        (valid + "\n[uplink]\nurl = \"http://127.0.0.1:8080/\"\ncentral_key = \"abc\"", 11, .invalidValue, "not a usable Ed25519"),
        (valid + "\n[uplink]\nurl = \"http://127.0.0.1:8080/\"\nbatch_max_records = 0", 11, .invalidValue, "out of range"),
        (valid + "\n[uplink]\nurl = \"http://127.0.0.1/\"\n[reference]\nfile = \"/media/usb/reference.json\"", 11, .missing, "central_key"),
        (valid + "\n[uplink]\nurl = \"http://127.0.0.1/\"\nurls = [\"http://127.0.0.1:81/\"]", 11, .invalidValue, "both url and urls"),
        (valid + "\n[uplink]\nurls = []", 10, .invalidValue, "uplink.urls is empty"),
        (valid + "\n[uplink]\nurls = \"http://127.0.0.1/\"", 10, .wrongType, "must be an array"),
        (valid + "\n[uplink]\nurls = [\n  \"http://127.0.0.1/\",\n  \"http://clearance.example/\",\n]", 12, .invalidValue, "plain http to a host that is not loopback"),
        (valid + "\n[uplink]\nurls = [\"http://127.0.0.1/\", \"https://clearance.example/\"]", 10, .missing, "ca_file"),
        (valid + "\n[uplink]\nurls = [\"http://127.0.0.1:81\", \"http://127.0.0.1:81/\"]", 10, .invalidValue, "twice"),
        (valid + "\n[uplink]\nurls = [" + (1...17).map { "\"http://127.0.0.1:\($0)/\"" }.joined(separator: ", ") + "]", 10, .invalidValue, "at most 16"),
        (valid + "\n[uplink]\nurls = [\"http://127.0.0.1:81/\"]\nfailback_seconds = 1", 11, .invalidValue, "out of range"),
    ]

    @Test("each kind of mistake is reported at its line", arguments: mistakes)
    func mistake(text: String, line: Int, kind: ConfigProblem.Kind, phrase: String) {
        #expect {
            _ = try AgentConfig.parse(text, path: "/etc/laneagent/agent.toml")
        } throws: { error in
            guard let error = error as? ConfigError, let problem = error.problems.first else { return false }
            return problem.line == line && problem.kind == kind && problem.message.contains(phrase)
                && error.description.hasPrefix("/etc/laneagent/agent.toml:\(line): ")
        }
    }

    @Test("[uplink] urls lists the receivers in order of preference; url alone is a list of one")
    func receiverURLs() throws {
        let several = try AgentConfig.parse(Self.valid + "\n[uplink]\nurls = [\"http://127.0.0.1:8081\", \"http://[::1]:8082/\"]\nfailback_seconds = 60\n",
                                            path: "a.toml")
        #expect(several.uplink?.baseURLs == ["http://127.0.0.1:8081/", "http://[::1]:8082/"])
        #expect(several.uplink?.baseURL == "http://127.0.0.1:8081/" && several.uplink?.failbackSeconds == 60)
        let one = try AgentConfig.parse(Self.valid + "\n[uplink]\nurl = \"http://127.0.0.1:8081\"\n", path: "a.toml")
        #expect(one.uplink?.baseURLs == ["http://127.0.0.1:8081/"] && one.uplink?.failbackSeconds == 300)
    }

    @Test("every problem in a file is reported, in line order")
    func allProblems() {
        let text = Self.valid.replacingOccurrences(of: "retention_days = 30", with: "retention_days = 0")
            .replacingOccurrences(of: "site = \"huu-nghi-1119\"", with: "sites = \"x\"")
        #expect {
            _ = try AgentConfig.parse(text, path: "a.toml")
        } throws: { error in
            (error as? ConfigError)?.problems.map(\.line) == [1, 3, 7]
        }
    }
}

@Suite("Agent configuration: [[devices]]")
struct DeviceConfigTests {
    static let agent = "[agent]\ndevice = \"d\"\nsite = \"s\"\nstate_dir = \"/x\"\n"

    @Test("a scale with defaults from its driver and settings from the file")
    func valid() throws {
        let config = try AgentConfig.parse(Self.agent + """
            [[devices]]
            id = "scale-1"
            kind = "scale"
            driver = "yaohua-xk3190"
            port = "/dev/laneagent/scale-1"
            stable_band_kg = 12.5

            [[devices]]
            id = "scale-2"
            kind = "scale"
            driver = "mt-sics"
            port = "/dev/laneagent/scale-2"
            baud = 19200
            parity = "even"
            data_bits = 7
            poll_ms = 100
            """, path: "a.toml")
        #expect(config.devices.map(\.id) == ["scale-1", "scale-2"])
        #expect(config.devices[0].serial.description == "1200 8N1" && config.devices[0].scale.stableBandKg == 12.5)
        #expect(config.devices[1].serial.description == "19200 7E1" && config.devices[1].scale.pollMilliseconds == 100)
        #expect(config.summary.contains("scale-1 (yaohua-xk3190, /dev/laneagent/scale-1 at 1200 8N1)"))
    }

    @Test("two devices on one port are refused, naming the line and the device that has it")
    func sharedPort() throws {
        let text = Self.agent + """
            [[devices]]
            id = "scale-1"
            kind = "scale"
            driver = "yaohua-xk3190"
            port = "/dev/ttyUSB0"

            [[devices]]
            id = "scale-2"
            kind = "scale"
            driver = "sma"
            port = "/dev/ttyUSB0"
            """
        #expect {
            try AgentConfig.parse(text, path: "a.toml")
        } throws: { error in
            (error as! ConfigError).description.contains("a.toml:15: device 'scale-2' has port /dev/ttyUSB0, which 'scale-1' already uses; a port or folder belongs to one device")
        }
    }

    @Test("unknown drivers and kinds list the valid ones; bad baud, duplicate ids and foreign keys name their line")
    func invalid() throws {
        let text = Self.agent + """
            [[devices]]
            id = "scale-1"
            kind = "scale"
            driver = "yaohua"
            port = "/dev/laneagent/scale-1"

            [[devices]]
            id = "scale-1"
            kind = "scale"
            driver = "sma"
            port = "/dev/laneagent/scale-2"
            baud = 9000
            stable_ms = 500

            [[devices]]
            id = "gate-1"
            kind = "turnstile"
            driver = "x"
            port = "dev/ttyUSB0"
            """
        #expect {
            try AgentConfig.parse(text, path: "a.toml")
        } throws: { error in
            let message = (error as! ConfigError).description
            return message.contains("""
                a.toml:8: [[devices]] scale-1.driver = \"yaohua\" is not a scale driver; expected one of the scale drivers: yaohua-xk3190, toledo-continuous, \
                mt-sics, sma
                """)
                && message.contains("a.toml:12: duplicate device id 'scale-1': line 6 already uses it")
                && message.contains("a.toml:16: [[devices]] scale-1.baud = 9000 is not a standard rate")
                && message.contains("""
                    a.toml:17: unknown key 'stable_ms' in [[devices]] scale-1; expected one of: id, kind, driver, port, baud, data_bits, parity, stop_bits, \
                    usb_vendor, usb_product, usb_serial, usb_path, poll_ms
                    """)
                && message.contains("a.toml:21: [[devices]] gate-1.kind = \"turnstile\" is not a known kind; expected one of: scale")
                && message.contains("a.toml:23: [[devices]] gate-1.port = \"dev/ttyUSB0\" is not an absolute path")
        }
    }
}
