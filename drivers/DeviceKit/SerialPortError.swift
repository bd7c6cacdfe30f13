import Foundation
import LaneModel

/// Why a serial port could not be opened, configured, read or written.
public struct SerialPortError: LaneAgentError, Equatable {
    /// What went wrong, as a stable code.
    public enum Kind: String, Sendable {
        /// The path does not exist: wrong name, or the adapter is unplugged.
        case notFound = "LA-SERIAL-001"
        /// The user may not open it (not in the `dialout` group?).
        case permissionDenied = "LA-SERIAL-002"
        /// Another program holds it.
        case busy = "LA-SERIAL-003"
        /// The path is not a terminal device, or termios refused the settings.
        case notATerminal = "LA-SERIAL-004"
        /// The device went away while open (USB-serial adapter unplugged, pty closed).
        case disconnected = "LA-SERIAL-005"
        /// Any other system error.
        case system = "LA-SERIAL-006"
    }

    public let kind: Kind
    public let path: String
    /// `errno` of the failing call, or 0.
    public let errorNumber: Int32
    /// What was being done: "open", "configure", "read", "write".
    public let operation: String

    public init(kind: Kind, path: String, errorNumber: Int32, operation: String) {
        self.kind = kind
        self.path = path
        self.errorNumber = errorNumber
        self.operation = operation
    }

    /// Classifies `errno` from `operation` on `path`.
    public init(errno number: Int32, path: String, operation: String) {
        let step: SystemErrorClass.Step = switch operation {
        case "open": .opening
        case "configure": .settingUp
        default: .using
        }
        let kind: Kind = switch SystemErrorClass(errno: number, during: step) {
        case .notFound: .notFound
        case .permissionDenied: .permissionDenied
        case .busy: .busy
        case .notADevice: .notATerminal
        case .gone: .disconnected
        case .other: .system
        }
        self.init(kind: kind, path: path, errorNumber: number, operation: operation)
    }

    public var code: String { kind.rawValue }
    public var isUsageError: Bool { kind == .notFound || kind == .permissionDenied || kind == .notATerminal }

    public var description: String {
        let system = errorNumber == 0 ? "" : " (\(String(cString: strerror(errorNumber))))"
        let advice = switch kind {
        case .notFound: "check the path and that the USB-serial adapter is plugged in (ls -l /dev/serial/by-id/)"
        case .permissionDenied: "run as root or add the user to the dialout group"
        case .busy: "another program has the port open; stop it (fuser \(path))"
        case .notATerminal: "the path is not a serial port"
        case .disconnected: "the device went away (adapter unplugged or cable pulled); it is reopened when it returns"
        case .system: "see the system error"
        }
        return "serial port \(path): \(operation) failed\(system): \(advice) (\(code))"
    }
}
