import CodeReaders
import ConfigFile
import DeviceKit
import LaneModel
import Scales

/// `[[devices]]` of the agent's configuration: every device, validated with its driver.
enum DeviceConfigSection {
    static let commonKeys = ["id", "kind", "driver"]

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
            if let device = device(table, validator), !duplicate {
                if let serial = device.terminalSerial, let other = devices.first(where: { $0.terminalSerial == serial }) {
                    validator.report(.invalidValue, line: table["serial"]?.line ?? element.line,
                                     """
                                         device '\(device.id)' has serial \"\(serial)\", which '\(other.id)' already has; the gateway \
                                         tells terminals apart by it
                                         """)
                    continue
                }
                if device.transport != .http, let other = devices.first(where: { $0.transport != .http && $0.port == device.port }) {
                    // A port is opened exclusively: the second device would wait for it for ever.
                    validator.report(.invalidValue, line: table["port"]?.line ?? element.line,
                                     """
                                         device '\(device.id)' has port \(device.port), which '\(other.id)' already uses; a port or \
                                         folder belongs to one device
                                         """)
                    continue
                }
                if let usb = device.usb {
                    USBSelectorSection.rejectAmbiguous(usb, of: device.id, among: devices, line: table["usb_vendor"]?.line ?? element.line, validator)
                }
                devices.append(device)
            }
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
                                          expected: kind.map { """
                                              one of the \($0.rawValue) drivers: \(driverNames.joined(separator: ", "))
                                              """ } ?? "a driver name") {
            kind == nil || driverNames.contains($0) ? nil : "is not a \(kind!.rawValue) driver"
        }
        guard let id, let kind, let driverName, let driver = DriverCatalogue.named(driverName) else {
            // Without a driver the valid keys are unknown; still check the paths that are given.
            for key in ["port", "folder"] where table[key] != nil { _ = path(table, section, key, "an absolute path", validator) }
            return nil
        }
        validator.rejectUnknownKeys(table, section, known: commonKeys + transportKeys[driver.transport, default: []] + driver.optionKeys)
        var settings = DeviceSettings(id: id, kind: kind, driver: driverName, transport: driver.transport, port: "",
                                      serial: ScaleDrivers.named(driverName)?.defaultSettings ?? CodeReaderDrivers.defaultSerialSettings)
        switch driver.transport {
        case .serial:
            guard let port = path(table, section, "port", "the absolute path of the serial port (for example /dev/laneagent/scale-1)", validator) else { return nil }
            settings.port = port
            settings.serial = serialSettings(table, section, defaults: settings.serial, validator)
            settings.usb = USBSelectorSection.selector(table, section, id: id, port: port, validator)
        case .evdev:
            guard let port = path(table, section, "port", "the absolute path of the input device (for example /dev/input/by-id/usb-…-event-kbd)", validator) else { return nil }
            settings.port = port
            settings.usb = USBSelectorSection.selector(table, section, id: id, port: port, validator)
        case .pcsc:
            // The reader is named by the driver's `reader` option.
            break
        case .folder:
            guard let folder = path(table, section, "folder", "the absolute path of the scanner's drop folder", validator) else { return nil }
            settings.port = folder
        case .http:
            guard let addresses = validator.strings(table, section, "address", required: true, expected: "the device's IP address or CIDR block, or an array of them",
                                                    check: {
                AddressRange($0) != nil ? nil : $0.hasSuffix("/0") || $0.hasSuffix("/-0") || $0.hasSuffix("/+0")
                    ? "allows every address (/0); list the device's address or its subnet" : "is not an IP address or CIDR block (prefix 1 to 32, or 128 for IPv6)"
            }) else { return nil }
            settings.addresses = addresses.compactMap(AddressRange.init)
            settings.credentials = credentials(table, section, validator)
        }
        guard let options = optionValues(table, section, driver.options, validator) else { return nil }
        settings.options = options
        return settings
    }

    /// The driver's own options, each checked as the driver declares it (the error names the
    /// line); nil when a required one is missing or wrong.
    private static func optionValues(_ table: TOMLTable, _ section: String, _ options: [DriverOption], _ validator: ConfigValidator) -> DriverOptionValues? {
        var values = DriverOptionValues()
        var complete = true
        for option in options {
            switch option.kind {
            case .integer(let range, let unit):
                values[option] = validator.integer(table, section, option.key, range: range, unit: unit).map { .integer($0) }
            case .number(let range, let unit):
                values[option] = validator.number(table, section, option.key, range: range, unit: unit).map { .number($0) }
            case .boolean:
                values[option] = validator.boolean(table, section, option.key).map { .boolean($0) }
            case .string(let expected, let required, let check):
                let value = validator.string(table, section, option.key, required: required, expected: expected, check: check)
                values[option] = value.map { .string($0) }
                if required && value == nil { complete = false }
            }
        }
        return complete ? values : nil
    }

    /// Keys each transport reads besides `id`, `kind` and `driver`.
    static let transportKeys: [DriverDescription.Transport: [String]] = [
        .serial: ["port", "baud", "data_bits", "parity", "stop_bits"] + USBSelectorSection.keys,
        .evdev: ["port", "grab"] + USBSelectorSection.keys,
        .folder: ["folder"],
        .http: ["address", "username", "password_digest", "token_sha256"],
    ]

    /// `username` with `password_digest` (hex MD5 of `username:laneagent:password`, as
    /// `laneagent keys device-credential` prints it) and/or `token_sha256`; nil when none is set.
    private static func credentials(_ table: TOMLTable, _ section: String, _ validator: ConfigValidator) -> DeviceCredentials? {
        func hex(_ key: String, digits: Int) -> String? {
            validator.string(table, section, key, required: false, expected: "\(digits) lower-case hex digits (laneagent keys device-credential prints it)") {
                $0.utf8.count == digits && $0.utf8.allSatisfy { Hex.isLowercaseDigit($0) } ? nil : "is not \(digits) lower-case hex digits"
            }
        }
        var credentials = DeviceCredentials()
        credentials.username = validator.string(table, section, "username", required: false, expected: "the user name the device sends") {
            $0.isEmpty || $0.utf8.count > 64 || $0.contains(":") || $0.contains("\"") ? "is not a user name (1–64 bytes, no colon or quote)" : nil
        }
        credentials.passwordDigest = hex("password_digest", digits: 32)
        credentials.tokenSHA256 = hex("token_sha256", digits: 64)
        if (credentials.username == nil) != (credentials.passwordDigest == nil) {
            let key = credentials.username == nil ? "password_digest" : "username"
            validator.report(.invalidValue, line: table[key]?.line ?? 0, "\(section): username and password_digest go together")
            return nil
        }
        return credentials == DeviceCredentials() ? nil : credentials
    }

    private static func path(_ table: TOMLTable, _ section: String, _ key: String, _ expected: String, _ validator: ConfigValidator) -> String? {
        validator.string(table, section, key, required: true, expected: expected) { $0.hasPrefix("/") ? nil : "is not an absolute path" }
    }

    private static func serialSettings(_ table: TOMLTable, _ section: String, defaults: SerialSettings, _ validator: ConfigValidator) -> SerialSettings {
        var serial = defaults
        if let baud = validator.integer(table, section, "baud", range: 1...4_000_000, unit: "baud") {
            if SerialSettings.baudRates.contains(Int(baud)) {
                serial.baud = Int(baud)
            } else {
                validator.report(.invalidValue, line: table["baud"]!.line,
                                 """
                                     \(section).baud = \(baud) is not a standard rate; expected one of \
                                     \(SerialSettings.baudRates.map(String.init).joined(separator: ", "))
                                     """)
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
        return serial
    }
}
