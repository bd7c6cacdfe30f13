import DeviceKit
import LaneModel
import Scales

/// `[[devices]]` of the agent's configuration: every device, validated with its driver.
enum DeviceConfigSection {
    static let commonKeys = ["id", "kind", "driver", "port", "baud", "data_bits", "parity", "stop_bits"]

    static func devices(_ root: TOMLTable, _ validator: ConfigValidator) -> [DeviceSettings] {
        guard let node = root["devices"] else { return [] }
        guard case .array(let elements) = node.value else {
            validator.report(.wrongType, line: node.line, "'devices' must be an array of tables, one [[devices]] per device; found \(node.value.typeName)")
            return []
        }
        var devices: [DeviceSettings] = []
        var seen: [String: Int] = [:]
        for element in elements {
            guard case .table(let table) = element.value else {
                validator.report(.wrongType, line: element.line, "each element of 'devices' must be a table ([[devices]]), found \(element.value.typeName)")
                continue
            }
            // Checked before the rest, so a duplicate is named even when its entry has other faults.
            var duplicate = false
            if case .string(let id)? = table["id"]?.value {
                let line = table["id"]!.line
                if let first = seen[id] {
                    validator.report(.invalidValue, line: line, "duplicate device id '\(id)': line \(first) already uses it; ids must be unique per board")
                    duplicate = true
                } else {
                    seen[id] = line
                }
            }
            if let device = device(table, validator), !duplicate { devices.append(device) }
        }
        return devices
    }

    private static func device(_ table: TOMLTable, _ validator: ConfigValidator) -> DeviceSettings? {
        let placeholder = "[[devices]]"
        let id = validator.string(table, placeholder, "id", required: true, expected: Identifier.allowedDescription) {
            Identifier.isValid($0) ? nil : "is not a valid id"
        }
        let section = id.map { "[[devices]] \($0)" } ?? placeholder
        let kinds = DeviceKind.allCases.map(\.rawValue)
        let kind = validator.string(table, section, "kind", required: true, expected: "one of: \(kinds.joined(separator: ", "))") {
            DeviceKind(rawValue: $0) == nil ? "is not a known kind" : nil
        }.flatMap(DeviceKind.init(rawValue:))
        let driverNames = kind?.driverNames ?? []
        let driverName = validator.string(table, section, "driver", required: true,
                                          expected: kind.map { "one of the \($0.rawValue) drivers: \(driverNames.joined(separator: ", "))" } ?? "a driver name") {
            kind == nil || driverNames.contains($0) ? nil : "is not a \(kind!.rawValue) driver"
        }
        let port = validator.string(table, section, "port", required: true, expected: "the absolute path of the serial port (for example /dev/laneagent/scale-1)") {
            $0.hasPrefix("/") ? nil : "is not an absolute path"
        }
        let scaleDriver = driverName.flatMap(ScaleDrivers.named)
        validator.rejectUnknownKeys(table, section, known: commonKeys + (scaleDriver?.optionKeys ?? []))
        var serial = scaleDriver?.defaultSettings ?? SerialSettings()
        if let baud = validator.integer(table, section, "baud", range: 1...4_000_000, unit: "baud") {
            if SerialSettings.baudRates.contains(Int(baud)) {
                serial.baud = Int(baud)
            } else {
                validator.report(.invalidValue, line: table["baud"]!.line,
                                 "\(section).baud = \(baud) is not a standard rate; expected one of \(SerialSettings.baudRates.map(String.init).joined(separator: ", "))")
            }
        }
        if let bits = validator.integer(table, section, "data_bits", range: 5...8, unit: "bits") { serial.dataBits = Int(bits) }
        if let bits = validator.integer(table, section, "stop_bits", range: 1...2, unit: "bits") { serial.stopBits = Int(bits) }
        let parities = SerialSettings.Parity.allCases.map(\.rawValue)
        if let parity = validator.string(table, section, "parity", required: false, expected: "one of: \(parities.joined(separator: ", "))", check: {
            SerialSettings.Parity(rawValue: $0) == nil ? "is not a parity" : nil
        }) {
            serial.parity = SerialSettings.Parity(rawValue: parity)!
        }
        var options = ScaleOptions()
        if let frames = validator.integer(table, section, "stable_frames", range: 1...100, unit: "frames") { options.stableFrames = Int(frames) }
        if let band = validator.number(table, section, "stable_band_kg", range: 0...10_000, unit: "kg") { options.stableBandKg = band }
        if let milliseconds = validator.integer(table, section, "stable_ms", range: 0...60_000, unit: "ms") { options.stableMilliseconds = Int(milliseconds) }
        if let checksum = validator.boolean(table, section, "checksum") { options.checksum = checksum }
        if let milliseconds = validator.integer(table, section, "poll_ms", range: 50...10_000, unit: "ms") { options.pollMilliseconds = Int(milliseconds) }
        guard let id, let kind, let driverName, let port else { return nil }
        return DeviceSettings(id: id, kind: kind, driver: driverName, port: port, serial: serial, scale: options)
    }
}
