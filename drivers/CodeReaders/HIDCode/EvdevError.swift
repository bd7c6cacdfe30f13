import DeviceKit
import Foundation
import LaneModel

/// Why an input device (`/dev/input/event*`) could not be opened, grabbed or read.
public struct EvdevError: LaneAgentError, Equatable {
    /// What went wrong, as a stable code.
    public enum Kind: String, Sendable {
        /// The path does not exist: wrong name, or the reader is unplugged.
        case notFound = "LA-EVDEV-001"
        /// The user may not open it (not in the `input` group?).
        case permissionDenied = "LA-EVDEV-002"
        /// Another program holds an exclusive grab on it.
        case busy = "LA-EVDEV-003"
        /// The path is not an input device, so it cannot be grabbed.
        case notAnInputDevice = "LA-EVDEV-004"
        /// The device went away while open (reader unplugged).
        case disconnected = "LA-EVDEV-005"
        /// Any other system error.
        case system = "LA-EVDEV-006"
    }

    public let kind: Kind
    public let path: String
    /// `errno` of the failing call, or 0.
    public let errorNumber: Int32
    /// What was being done: "open", "grab", "read".
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
        // EVIOCGRAB, which a file that is not an input device refuses.
        case "grab": .settingUp
        default: .using
        }
        let kind: Kind = switch (number, SystemErrorClass(errno: number, during: step)) {
        // Two errnos this error has always read differently from a serial port's (EvdevErrorTests
        // keeps them): ENXIO at open is a reader not plugged in, EPIPE is no hang-up here.
        case (ENXIO, _) where step == .opening: .notFound
        case (EPIPE, _): .system
        case (_, .notFound): .notFound
        case (_, .permissionDenied): .permissionDenied
        case (_, .busy): .busy
        case (_, .notADevice): .notAnInputDevice
        case (_, .gone): .disconnected
        case (_, .other): .system
        }
        self.init(kind: kind, path: path, errorNumber: number, operation: operation)
    }

    public var code: String { kind.rawValue }
    public var isUsageError: Bool { kind == .notFound || kind == .permissionDenied || kind == .notAnInputDevice }

    public var description: String {
        let system = errorNumber == 0 ? "" : " (\(String(cString: strerror(errorNumber))))"
        let advice = switch kind {
        case .notFound: "check the path and that the reader is plugged in (ls -l /dev/input/by-id/)"
        case .permissionDenied: "run as root or add the user to the input group"
        case .busy: "another program has grabbed the reader exclusively (a second laneagent, or a kiosk or X session); stop it (fuser \(path))"
        case .notAnInputDevice: "the path is not an input device (/dev/input/event*); a serial reader needs driver serial-code"
        case .disconnected: "the reader went away (unplugged); it is reopened when it returns"
        case .system: "see the system error"
        }
        return "input device \(path): \(operation) failed\(system): \(advice) (\(code))"
    }

    /// The same failure as DeviceKit's device events carry it: `DeviceEvent.health` takes a
    /// `SerialPortError`, so the kind is mapped and this error's own wording goes into
    /// `operation`; `DeviceHealth.lastError` holds `description` unchanged.
    public var serialPortError: SerialPortError {
        let kind: SerialPortError.Kind = switch self.kind {
        case .notFound: .notFound
        case .permissionDenied: .permissionDenied
        case .busy: .busy
        case .notAnInputDevice: .notATerminal
        case .disconnected: .disconnected
        case .system: .system
        }
        return SerialPortError(kind: kind, path: path, errorNumber: errorNumber, operation: "evdev \(operation) [\(code)]")
    }
}
