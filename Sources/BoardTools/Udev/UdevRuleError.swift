import Agent
import LaneModel

/// Why udev rules could not be generated for a configuration.
public struct UdevRuleError: LaneAgentError, Equatable {
    /// What went wrong, as a stable code.
    public enum Kind: String, Sendable {
        /// A device id would not be a safe link name under `/dev/laneagent/`.
        case unsafeDeviceID = "LA-UDEV-001"
        /// A serial number or port path cannot be matched literally by udev.
        case unmatchableValue = "LA-UDEV-002"
    }

    public let kind: Kind
    /// The `[[devices]]` id concerned.
    public let device: String
    /// The key whose value was refused (`id`, `usb_serial`, `usb_path`).
    public let key: String
    /// The value as given.
    public let value: String
    /// What is wrong with it.
    public let problem: String

    public init(kind: Kind, device: String, key: String, value: String, problem: String) {
        self.kind = kind
        self.device = device
        self.key = key
        self.value = value
        self.problem = problem
    }

    public var code: String { kind.rawValue }
    public var isUsageError: Bool { true }

    public var description: String {
        let advice = switch kind {
        case .unsafeDeviceID: "rename the device to a plain name such as scale-1"
        case .unmatchableValue: key == "usb_serial" ? "leave usb_serial out and tell the devices apart by usb_path instead" : "copy the BUS PATH laneagent diag usb prints"
        }
        return "udev rules: device '\(device)' \(key) = \"\(value)\" \(problem): \(advice) (\(code))"
    }
}
