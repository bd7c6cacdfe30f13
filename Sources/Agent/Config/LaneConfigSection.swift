import ConfigFile
import Foundation
import LaneIO
import LaneModel
import Rules

/// `[[lanes]]` of the agent's configuration: each lane with its devices, rule pack and GPIO lines.
enum LaneConfigSection {
    static let keys = ["id", "kind", "devices", "rules", "gpio"]
    static let gpioKeys = ["chip", "entry_loop", "exit_loop", "passage", "barrier", "turnstile", "green", "red", "debounce_ms", "turnstile_pulse_ms"]

    /// The device kinds that can feed each lane kind.
    static let deviceKinds: [LaneKind: Set<DeviceKind>] = [
        .cargo: [.scale, .plateReader, .codeReader, .containerOCR, .xray],
        .people: [.documentReader, .codeReader, .chipReader, .faceTerminal, .fingerprintTerminal],
    ]

    /// The GPIO roles each lane kind must wire.
    static let requiredLines: [LaneKind: [String]] = [
        .cargo: ["entry_loop", "exit_loop", "barrier", "green", "red"],
        .people: ["passage", "turnstile", "green", "red"],
    ]

    static func lanes(_ root: TOMLTable, _ validator: ConfigValidator, devices: [DeviceSettings], configPath: String) -> [LaneSettings] {
        guard let node = root["lanes"] else { return [] }
        guard case .array(let elements) = node.value else {
            validator.report(.wrongType, line: node.line, "'lanes' must be an array of tables, one [[lanes]] per lane; found \(node.value.typeName)")
            return []
        }
        var lanes: [LaneSettings] = []
        var laneLines: [String: Int] = [:]
        var deviceOwners: [String: String] = [:]
        for element in elements {
            guard case .table(let table) = element.value else {
                validator.report(.wrongType, line: element.line, "each element of 'lanes' must be a table ([[lanes]]), found \(element.value.typeName)")
                continue
            }
            validator.rejectUnknownKeys(table, "[[lanes]]", known: keys)
            let id = validator.string(table, "lanes", "id", required: true, expected: Identifier.allowedDescription) {
                Identifier.isValid($0) ? nil : "is not a valid id"
            }
            if let id, let first = laneLines[id] {
                validator.report(.invalidValue, line: table["id"]!.line, "duplicate lane id '\(id)': line \(first) already uses it")
                continue
            }
            if let id { laneLines[id] = table["id"]!.line }
            let kind = validator.string(table, "lanes", "kind", required: true, expected: "cargo or people") {
                LaneKind(rawValue: $0) == nil ? "is not a lane kind" : nil
            }.flatMap(LaneKind.init(rawValue:))
            let deviceIDs = laneDevices(table, validator, kind: kind, laneID: id, devices: devices, owners: &deviceOwners)
            let pack = rulePack(table, validator, configPath: configPath)
            let gpio = gpio(table, validator, kind: kind)
            if let id, let kind, let deviceIDs, let pack, let gpio {
                lanes.append(LaneSettings(id: id, kind: kind, devices: deviceIDs, rulesPath: pack.path, rulePack: pack.pack, gpio: gpio))
            }
        }
        return lanes
    }

    private static func laneDevices(_ table: TOMLTable, _ validator: ConfigValidator, kind: LaneKind?, laneID: String?,
                                    devices: [DeviceSettings], owners: inout [String: String]) -> [String]? {
        let known = devices.map(\.id)
        let ids = validator.strings(table, "lanes", "devices", required: true,
                                    expected: """
                                        ids of [[devices]] entries (\(known.isEmpty ? "none configured" : known.joined(separator: ", ")))
                                        """) {
            known.contains($0) ? nil : "is not a configured device"
        }
        guard let ids else { return nil }
        let line = table["devices"]!.line
        for id in ids {
            if let owner = owners[id] {
                validator.report(.invalidValue, line: line, "device '\(id)' already feeds lane '\(owner)'; a device belongs to one lane")
            } else if let laneID {
                owners[id] = laneID
            }
            if let kind, let device = devices.first(where: { $0.id == id }), let allowed = deviceKinds[kind], !allowed.contains(device.kind) {
                let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
                validator.report(.invalidValue, line: line, "device '\(id)' is a \(device.kind.rawValue), which cannot feed a \(kind.rawValue) lane; expected \(names)")
            }
        }
        return ids
    }

    private static func rulePack(_ table: TOMLTable, _ validator: ConfigValidator, configPath: String) -> (path: String, pack: RulePack)? {
        guard let text = validator.string(table, "lanes", "rules", required: true, expected: "the rule pack's path, such as /etc/laneagent/rules.toml") else {
            return nil
        }
        let path = text.hasPrefix("/") ? text : URL(fileURLWithPath: configPath).deletingLastPathComponent().appendingPathComponent(text).standardized.path
        do {
            return (path, try RulePack.load(path: path))
        } catch {
            for problem in error.problems {
                let place = problem.line > 0 ? "\(error.path):\(problem.line)" : error.path
                validator.report(.invalidValue, line: table["rules"]!.line, "rule pack \(place): \(problem.message) (\(problem.kind.rawValue))")
            }
            return nil
        }
    }

    private static func gpio(_ root: TOMLTable, _ validator: ConfigValidator, kind: LaneKind?) -> LaneGPIOSettings? {
        guard let table = validator.section(root, "gpio", required: false, contents: "") else {
            validator.report(.missing, line: root.line,
                             """
                                 missing [lanes.gpio] for the lane; expected chip and the lines \
                                 \(kind.flatMap { requiredLines[$0] }?.joined(separator: ", ") ?? "of its kind")
                                 """)
            return nil
        }
        validator.rejectUnknownKeys(table, "lanes.gpio", known: gpioKeys)
        let chip = validator.string(table, "lanes.gpio", "chip", required: true, expected: "a GPIO chip such as gpiochip0, or \"simulated\"") {
            $0.isEmpty || $0.contains("/") && !$0.hasPrefix("/dev/") ? "is not a chip name" : nil
        }
        var values: [String: String] = [:]
        for key in gpioKeys where !["chip", "debounce_ms", "turnstile_pulse_ms"].contains(key) {
            let required = kind.flatMap { requiredLines[$0] }?.contains(key) ?? false
            if let name = validator.string(table, "lanes.gpio", key, required: required, expected: "the line's device-tree name (gpio-line-names)", check: {
                $0.isEmpty ? "is empty" : nil
            }) {
                values[key] = name
            }
        }
        let wired = values.sorted { $0.key < $1.key }
        for (index, entry) in wired.enumerated() {
            if let other = wired[..<index].first(where: { $0.value == entry.value }) {
                validator.report(.invalidValue, line: table[entry.key]!.line, "lanes.gpio.\(entry.key) uses line \(entry.value), which \(other.key) already uses")
            }
        }
        var lines = LaneLineNames(entryLoop: values["entry_loop"], exitLoop: values["exit_loop"], passage: values["passage"], barrier: values["barrier"],
                                  turnstile: values["turnstile"], green: values["green"], red: values["red"])
        if let debounce = validator.integer(table, "lanes.gpio", "debounce_ms", range: 0...5000, unit: "milliseconds") {
            lines.debounceMilliseconds = Int(debounce)
        }
        if let pulse = validator.integer(table, "lanes.gpio", "turnstile_pulse_ms", range: 50...10_000, unit: "milliseconds") {
            lines.turnstilePulseMilliseconds = Int(pulse)
        }
        guard let chip else { return nil }
        return LaneGPIOSettings(chip: chip, lines: lines)
    }
}
