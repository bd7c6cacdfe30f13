import ConfigFile
import LaneModel

/// Reads the sections of a rule pack's TOML into a `RulePack`, reporting every problem with its
/// line to the validator (so one `config check` shows them all).
struct RulePackReader {
    static let sections = ["pack", "thresholds", "require", "outcomes"]
    static let packKeys = ["name", "version"]
    static let thresholdKeys = [
        "weight_tolerance_percent", "plate_min_confidence", "face_min_score", "liveness_required", "fingerprint_required", "chip_genuine_required",
        "accept_terminal_face_verdict", "accept_terminal_liveness",
        "repeat_window_seconds", "reference_max_age_seconds", "collect_timeout_seconds", "gross_limit_kg",
    ]
    /// The evidence each lane kind can collect, in the order `[require]` lists it.
    static let evidenceByKind: [LaneKind: [EvidenceKind]] = [
        .cargo: [.plate, .weight, .container, .scan, .declaration],
        .people: [.document, .chip, .face, .fingerprint],
    ]
    /// `[require]` when a pack leaves a lane kind out: the sample pack's lists.
    static let defaultRequired: [LaneKind: Set<EvidenceKind>] = [
        .cargo: [.plate, .weight, .container, .scan, .declaration],
        .people: [.document, .face],
    ]
    /// Axle counts `[thresholds.gross_limit_kg]` may name (those reference data allows).
    static let axleCounts: ClosedRange<Int> = 2...12

    let validator: ConfigValidator

    /// The pack, or nil when a required part is unusable (the validator then holds why).
    func read(_ root: TOMLTable, sha256: String) -> RulePack? {
        validator.rejectUnknownKeys(root, nil, known: Self.sections)
        let identity = pack(root)
        let thresholds = thresholds(root)
        let required = required(root, fingerprintRequired: thresholds.fingerprintRequired)
        let outcomes = outcomes(root)
        guard let identity else { return nil }
        return RulePack(name: identity.name, version: identity.version, sha256: sha256, thresholds: thresholds,
                        required: required, outcomes: outcomes)
    }

    private func pack(_ root: TOMLTable) -> (name: String, version: String)? {
        guard let table = validator.section(root, "pack", required: true, contents: "name and version of the rule pack") else { return nil }
        validator.rejectUnknownKeys(table, "pack", known: Self.packKeys)
        let name = validator.string(table, "pack", "name", required: true, expected: Identifier.allowedDescription) {
            Identifier.isValid($0) ? nil : "is not a valid pack name"
        }
        let version = validator.string(table, "pack", "version", required: true, expected: "a version such as \"2026.11.23\" (1-64 printable characters)") {
            $0.isEmpty || $0.utf8.count > 64 || $0.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == " " }
                ? "is not a usable version" : nil
        }
        guard let name, let version else { return nil }
        return (name, version)
    }

    private func thresholds(_ root: TOMLTable) -> RuleThresholds {
        var thresholds = RuleThresholds()
        guard let table = validator.section(root, "thresholds", required: false, contents: "") else { return thresholds }
        let section = "thresholds"
        validator.rejectUnknownKeys(table, section, known: Self.thresholdKeys)
        if let value = validator.number(table, section, "weight_tolerance_percent", range: 0...100, unit: "percent") {
            thresholds.weightTolerancePercent = value
        }
        if let value = validator.number(table, section, "plate_min_confidence", range: 0...1, unit: "(a confidence from 0 to 1)") {
            thresholds.plateMinConfidence = value
        }
        if let value = validator.number(table, section, "face_min_score", range: 0...1, unit: "(a score from 0 to 1)") {
            thresholds.faceMinScore = value
        }
        if let value = validator.boolean(table, section, "liveness_required") { thresholds.livenessRequired = value }
        if let value = validator.boolean(table, section, "accept_terminal_face_verdict") { thresholds.acceptTerminalFaceVerdict = value }
        if let value = validator.boolean(table, section, "accept_terminal_liveness") { thresholds.acceptTerminalLiveness = value }
        if let value = validator.boolean(table, section, "fingerprint_required") { thresholds.fingerprintRequired = value }
        if let value = validator.boolean(table, section, "chip_genuine_required") { thresholds.chipGenuineRequired = value }
        if let value = validator.integer(table, section, "repeat_window_seconds", range: 1...604_800, unit: "seconds (at most 7 days)") {
            thresholds.repeatWindowSeconds = Int(value)
        }
        if let value = validator.integer(table, section, "reference_max_age_seconds", range: 60...2_592_000, unit: "seconds (1 minute to 30 days)") {
            thresholds.referenceMaxAgeSeconds = Int(value)
        }
        if let value = validator.integer(table, section, "collect_timeout_seconds", range: 1...3600, unit: "seconds") {
            thresholds.collectTimeoutSeconds = Int(value)
        }
        thresholds.grossLimitKg = grossLimits(table)
        return thresholds
    }

    private func grossLimits(_ thresholds: TOMLTable) -> [Int: Double] {
        guard let node = thresholds["gross_limit_kg"] else { return [:] }
        guard case .table(let table) = node.value else {
            validator.report(.wrongType, line: node.line,
                             """
                                 thresholds.gross_limit_kg must be a table [thresholds.gross_limit_kg] of axle count = kilograms, found \
                                 \(node.value.typeName)
                                 """)
            return [:]
        }
        let section = "thresholds.gross_limit_kg"
        var limits: [Int: Double] = [:]
        for key in table.keys {
            guard let axles = Int(key), String(axles) == key, Self.axleCounts.contains(axles) else {
                validator.report(.invalidValue, line: table[key]!.line,
                                 "[\(section)] key \"\(key)\" is not an axle count; expected \"\(Self.axleCounts.lowerBound)\" to \"\(Self.axleCounts.upperBound)\" (quoted), such as \"3\" = 24000")
                continue
            }
            let limit: Double
            switch table[key]!.value {
            case .integer(let integer): limit = Double(integer)
            case .float(let float): limit = float
            default:
                validator.report(.wrongType, line: table[key]!.line, "\(section).\"\(key)\" must be a number of kilograms, found \(table[key]!.value.typeName)")
                continue
            }
            guard limit > 0, limit <= 200_000 else {
                validator.report(.invalidValue, line: table[key]!.line, "\(section).\"\(key)\" = \(limit) is out of range; expected a positive gross weight up to 200000 kilograms")
                continue
            }
            limits[axles] = limit
        }
        return limits
    }

    private func required(_ root: TOMLTable, fingerprintRequired: Bool) -> [LaneKind: Set<EvidenceKind>] {
        var required = Self.defaultRequired
        if let table = validator.section(root, "require", required: false, contents: "") {
            validator.rejectUnknownKeys(table, "require", known: LaneKind.allCases.map(\.rawValue))
            for kind in LaneKind.allCases {
                let allowed = Self.evidenceByKind[kind]!
                let expected = allowed.map(\.rawValue).joined(separator: ", ")
                let names = validator.strings(table, "require", kind.rawValue, required: false, expected: "some of \(expected)") { name in
                    guard let evidence = EvidenceKind(rawValue: name) else { return "is not an evidence kind" }
                    guard allowed.contains(evidence) else {
                        guard let owner = LaneKind.allCases.first(where: { Self.evidenceByKind[$0]?.contains(evidence) == true }) else {
                            return "is collected by no lane kind"
                        }
                        return "is \(owner.rawValue) evidence: a \(kind.rawValue) lane does not collect it"
                    }
                    return nil
                }
                if let names { required[kind] = Set(names.compactMap(EvidenceKind.init(rawValue:))) }
            }
        }
        if fingerprintRequired { required[.people, default: []].insert(.fingerprint) }
        return required
    }

    private func outcomes(_ root: TOMLTable) -> [RuleID: Decision] {
        guard let table = validator.section(root, "outcomes", required: false, contents: "") else { return [:] }
        let ids = RuleID.allCases.map(\.rawValue).joined(separator: ", ")
        var outcomes: [RuleID: Decision] = [:]
        for key in table.keys {
            let node = table[key]!
            if case .table(let nested) = node.value {
                // `weight.declared = "HOLD"` without quotes is a dotted key: TOML makes it a table.
                let dotted = nested.keys.map { "\(key).\($0)" }
                let hint = dotted.contains { RuleID(rawValue: $0) != nil } ? """
                    rule ids contain dots, so quote them: \"\(dotted[0])\" = \"HOLD\"
                    """ : "expected \"rule.id\" = \"REFER\" or \"HOLD\""
                validator.report(.wrongType, line: node.line, "[outcomes] \(key) is a table; \(hint)")
                continue
            }
            guard let rule = RuleID(rawValue: key) else {
                let suggestion = Self.closestRule(to: key).map { " (did you mean \"\($0.rawValue)\"?)" } ?? ""
                validator.report(.unknownKey, line: node.line, "unknown rule id \"\(key)\" in [outcomes]\(suggestion); expected one of: \(ids)")
                continue
            }
            guard case .string(let text) = node.value else {
                validator.report(.wrongType, line: node.line, "outcomes.\"\(key)\" must be a string, \"REFER\" or \"HOLD\"; found \(node.value.typeName)")
                continue
            }
            switch Decision(rawValue: text) {
            case .refer?, .hold?:
                outcomes[rule] = Decision(rawValue: text)
            case .clear?:
                validator.report(.invalidValue, line: node.line,
                                 """
                                     outcomes.\"\(key)\" = \"CLEAR\" is refused: a failed rule can never clear the crossing; expected \
                                     \"REFER\" or \"HOLD\"
                                     """)
            case nil:
                validator.report(.invalidValue, line: node.line, "outcomes.\"\(key)\" = \"\(text)\" is not an outcome; expected \"REFER\" or \"HOLD\" (upper case)")
            }
        }
        return outcomes
    }

    /// The rule id within two edits of `text`, for "did you mean" on a typo.
    static func closestRule(to text: String) -> RuleID? {
        RuleID.allCases.map { ($0, editDistance(Array(text.utf8), Array($0.rawValue.utf8))) }
            .filter { $0.1 <= 2 }.min { $0.1 < $1.1 }?.0
    }

    private static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
