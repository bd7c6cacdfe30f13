import ConfigFile
import LaneAgentTesting
import LaneModel
import Rules
import Testing

@Suite struct RulePackTests {
    typealias F = RuleFixtures

    @Test func samplePackLoadsWithEveryRuleListed() throws {
        let pack = try RulePack.load(path: F.samplePackPath)
        #expect(pack.name == "huu-nghi-cargo")
        #expect(pack.version == "2026.11.23")
        #expect(pack.thresholds == RuleThresholds().with { $0.grossLimitKg = pack.thresholds.grossLimitKg })
        #expect(pack.thresholds.grossLimitKg[2] == 16_000)
        #expect(pack.thresholds.grossLimitKg[3] == 24_000)
        #expect(pack.thresholds.grossLimitKg[4] == 30_000)
        #expect((5...12).allSatisfy { pack.thresholds.grossLimitKg[$0] == 40_000 })
        #expect(pack.required[.cargo] == [.plate, .weight, .container, .scan, .declaration])
        #expect(pack.required[.people] == [.document, .face])
        #expect(Set(pack.outcomes.keys) == Set(RuleID.allCases))
        #expect(pack.outcome(for: .weightDeclared) == .hold)
        #expect(pack.outcome(for: .watchlist) == .hold)
        #expect(pack.summary == ["name": "huu-nghi-cargo", "version": "2026.11.23", "sha256": .string(pack.sha256)])
    }

    @Test func samplePackHashIsTheFilesSHA256() async throws {
        let pack = try RulePack.load(path: F.samplePackPath)
        let output = try await CommandRunner.run("/usr/bin/env", ["sha256sum", F.samplePackPath])
        #expect(output.status == 0)
        #expect(pack.sha256 == String(output.stdout.prefix(64)))
        // parse without a hash hashes the text's UTF-8 bytes: the same for a UTF-8 file.
        let text = try String(contentsOfFile: F.samplePackPath, encoding: .utf8)
        #expect(try RulePack.parse(text, path: "x").sha256 == pack.sha256)
    }

    @Test func minimalPackTakesTheDefaults() throws {
        let pack = try RulePack.parse("[pack]\nname = \"minimal\"\nversion = \"1\"\n", path: "minimal.toml")
        #expect(pack.thresholds == RuleThresholds())
        #expect(pack.required[.cargo] == [.plate, .weight, .container, .scan, .declaration])
        #expect(pack.required[.people] == [.document, .face])
        #expect(pack.outcomes.isEmpty)
        #expect(pack.sha256.count == 64)
    }

    @Test func fingerprintRequiredAddsFingerprintToPeople() throws {
        let pack = try RulePack.parse("""
            [pack]
            name = "bac-luan-people"
            version = "1"
            [thresholds]
            fingerprint_required = true
            [require]
            people = ["document"]
            """, path: "p.toml")
        #expect(pack.required[.people] == [.document, .fingerprint])
        #expect(pack.requiredEvidence(for: .people) == [.document, .fingerprint])
    }

    static let header = "[pack]\nname = \"test\"\nversion = \"1\"\n"

    @Test(arguments: [
        ("CLEAR outcome", header + "[outcomes]\n\"watchlist\" = \"HOLD\"\n\"scan.verdict\" = \"CLEAR\"\n", 6, ConfigProblem.Kind.invalidValue,
         "a failed rule can never clear"),
        ("lower-case outcome", header + "[outcomes]\n\"watchlist\" = \"hold\"\n", 5, .invalidValue, "expected \"REFER\" or \"HOLD\""),
        ("outcome not a string", header + "[outcomes]\n\"watchlist\" = 2\n", 5, .wrongType, "must be a string"),
        ("unknown rule id", header + "[outcomes]\n\"weight.declare\" = \"HOLD\"\n", 5, .unknownKey,
         "unknown rule id \"weight.declare\" in [outcomes] (did you mean \"weight.declared\"?); expected one of: plate.read, plate.expected, weight.stable, weight.declared"),
        ("unquoted rule id", header + "[outcomes]\nweight.declared = \"HOLD\"\n", 5, .wrongType, "quote them: \"weight.declared\" = \"HOLD\""),
        ("axle key out of range", header + "[thresholds.gross_limit_kg]\n\"2\" = 16000\n\"13\" = 50000\n", 6, .invalidValue,
         "key \"13\" is not an axle count; expected \"2\" to \"12\""),
        ("axle key not a number", header + "[thresholds.gross_limit_kg]\ntwo = 16000\n", 5, .invalidValue, "\"two\" is not an axle count"),
        ("axle key with a leading zero", header + "[thresholds.gross_limit_kg]\n\"02\" = 16000\n", 5, .invalidValue, "not an axle count"),
        ("axle limit not positive", header + "[thresholds.gross_limit_kg]\n\"2\" = 0\n", 5, .invalidValue, "out of range"),
        ("axle limit a string", header + "[thresholds.gross_limit_kg]\n\"2\" = \"16t\"\n", 5, .wrongType, "must be a number of kilograms"),
        ("people evidence on a cargo lane", header + "[require]\ncargo = [\"plate\",\n  \"face\"]\n", 6, .invalidValue,
         "require.cargo has \"face\", which is people evidence: a cargo lane does not collect it"),
        ("cargo evidence on a people lane", header + "[require]\npeople = [\"document\", \"weight\"]\n", 5, .invalidValue, "cargo evidence"),
        ("unknown evidence kind", header + "[require]\npeople = [\"passport\"]\n", 5, .invalidValue, "is not an evidence kind"),
        ("unknown lane kind", header + "[require]\nbus = [\"plate\"]\n", 5, .unknownKey, "unknown key 'bus' in [require]"),
        ("unknown threshold", header + "[thresholds]\nweight_tolerance = 5\n", 5, .unknownKey,
         "unknown key 'weight_tolerance' in [thresholds]; expected one of: weight_tolerance_percent"),
        ("unknown section", header + "[rules]\nx = 1\n", 4, .unknownKey, "unknown section [rules]"),
        ("unknown pack key", header + "author = \"me\"\n", 4, .unknownKey, "unknown key 'author' in [pack]"),
        ("missing pack", "[thresholds]\nface_min_score = 0.9\n", 1, .missing, "missing required section [pack]"),
        ("missing version", "[pack]\nname = \"x\"\n", 1, .missing, "missing required key 'version' in [pack]"),
        ("bad pack name", "[pack]\nname = \"huu nghi\"\nversion = \"1\"\n", 2, .invalidValue, "is not a valid pack name"),
        ("tolerance over 100%", header + "[thresholds]\nweight_tolerance_percent = 150\n", 5, .invalidValue, "out of range"),
        ("confidence as a percentage", header + "[thresholds]\nplate_min_confidence = 80\n", 5, .invalidValue, "out of range"),
        ("collect timeout zero", header + "[thresholds]\ncollect_timeout_seconds = 0\n", 5, .invalidValue, "expected 1...3600"),
        ("collect timeout two hours", header + "[thresholds]\ncollect_timeout_seconds = 7200\n", 5, .invalidValue, "expected 1...3600"),
        ("repeat window as a float", header + "[thresholds]\nrepeat_window_seconds = 300.0\n", 5, .wrongType, "must be an integer"),
        ("liveness as a string", header + "[thresholds]\nliveness_required = \"yes\"\n", 5, .wrongType, "must be true or false"),
        ("TOML syntax", header + "[outcomes\n", 4, .syntax, "TOML syntax error"),
    ] as [(String, String, Int, ConfigProblem.Kind, String)])
    func invalidPackNamesTheLine(_ name: String, _ text: String, _ line: Int, _ kind: ConfigProblem.Kind, _ message: String) {
        do {
            let pack = try RulePack.parse(text, path: "/etc/laneagent/rules.toml")
            Issue.record("\(name): accepted as \(pack)")
        } catch {
            let problem = error.problems.first
            #expect(error.problems.count == 1, "\(name): \(error.description)")
            #expect(problem?.line == line, "\(name): \(error.description)")
            #expect(problem?.kind == kind, "\(name): \(error.description)")
            #expect(problem?.message.contains(message) == true, "\(name): \(error.description)")
            #expect(error.description.hasPrefix("/etc/laneagent/rules.toml:\(line): "))
        }
    }

    @Test func everyProblemIsReportedAtOnceInLineOrder() {
        let text = """
            [pack]
            name = "test"
            version = "1"
            [thresholds]
            face_min_score = 2
            [require]
            cargo = ["face"]
            [outcomes]
            "watchlist" = "CLEAR"
            "plate.reed" = "HOLD"
            """
        #expect(throws: ConfigError.self) { try RulePack.parse(text, path: "r.toml") }
        do { _ = try RulePack.parse(text, path: "r.toml") } catch {
            #expect(error.problems.map(\.line) == [5, 7, 9, 10])
        }
    }

    @Test func missingFileIsUnreadable() {
        do {
            _ = try RulePack.load(path: "/nonexistent/rules.toml")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.problems.first?.kind == .unreadable)
            #expect(error.description.contains("does not exist"))
        }
    }
}

extension RuleThresholds {
    /// A copy changed by `change`.
    func with(_ change: (inout RuleThresholds) -> Void) -> RuleThresholds {
        var copy = self
        change(&copy)
        return copy
    }
}
