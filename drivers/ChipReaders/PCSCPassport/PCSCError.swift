import DeviceKit
import LaneModel

/// Why a PC/SC reader or the card on it could not be reached, named for the technician who
/// must act: pcscd not running, no reader, the named reader missing, the card gone.
public struct PCSCError: LaneAgentError, Equatable {
    /// What went wrong, as a stable code.
    public enum Kind: String, Sendable {
        /// pcscd is not running, stopped while in use, or its socket is not where the client looks (`SCARD_E_NO_SERVICE`, `SCARD_F_COMM_ERROR`).
        case noService = "LA-PCSC-001"
        /// pcscd runs but sees no reader at all (`SCARD_E_NO_READERS_AVAILABLE`).
        case noReaders = "LA-PCSC-002"
        /// Readers exist, none of them matches the configured name.
        case readerNotFound = "LA-PCSC-003"
        /// The reader went away (unplugged, driver gone: `SCARD_E_READER_UNAVAILABLE`, `SCARD_E_UNKNOWN_READER`).
        case readerUnavailable = "LA-PCSC-004"
        /// The card left the field or is not there (`SCARD_W_REMOVED_CARD`, `SCARD_E_NO_SMARTCARD`).
        case cardRemoved = "LA-PCSC-005"
        /// A card is there but does not answer, or not in a protocol the reader speaks.
        case cardUnresponsive = "LA-PCSC-006"
        /// Another program holds the card exclusively (`SCARD_E_SHARING_VIOLATION`).
        case sharingViolation = "LA-PCSC-007"
        /// Any other PC/SC failure, or a reader's answer too short to hold a status word.
        case communication = "LA-PCSC-008"
    }

    public let kind: Kind
    /// The reader concerned, or the configured name when none matched; empty before a reader is chosen.
    public let reader: String
    /// What was being done: "establish", "list readers", "connect", "transmit", "watch".
    public let operation: String
    /// pcsc-lite's return code, when a call failed.
    public let status: PCSCStatus?
    /// The readers pcscd has, for `readerNotFound`.
    public let available: [String]

    public init(kind: Kind, reader: String, operation: String, status: PCSCStatus? = nil, available: [String] = []) {
        self.kind = kind
        self.reader = reader
        self.operation = operation
        self.status = status
        self.available = available
    }

    /// Classifies a failed call's `status`.
    public init(status: PCSCStatus, reader: String, operation: String) {
        let kind: Kind = switch status {
        case .noService, .serviceStopped, .rpcTransport: .noService
        case .noReadersAvailable: .noReaders
        case .readerUnavailable, .unknownReader: .readerUnavailable
        case .removedCard, .noSmartcard, .resetCard, .unpoweredCard: .cardRemoved
        case .unresponsiveCard, .unsupportedCard, .protocolMismatch: .cardUnresponsive
        case .sharingViolation: .sharingViolation
        default: .communication
        }
        self.init(kind: kind, reader: reader, operation: operation, status: status)
    }

    public var code: String { kind.rawValue }
    public var isUsageError: Bool { kind == .readerNotFound }

    public var description: String {
        let subject = reader.isEmpty ? "PC/SC" : "PC/SC reader \"\(reader)\""
        let cause = status.map { " (\($0))" } ?? ""
        let advice = switch kind {
        case .noService:
            "pcscd is not running or stopped: start it (systemctl start pcscd.socket), or point PCSCLITE_CSOCK_NAME at its socket"
        case .noReaders: "pcscd sees no reader: check the reader's USB cable and that its driver (libccid) is installed (pcsc_scan lists readers)"
        case .readerNotFound:
            available.isEmpty
                ? "no reader's name contains it and pcscd lists none"
                : "no reader's name contains it; pcscd has: \(available.map { "\"\($0)\"" }.joined(separator: ", "))"
        case .readerUnavailable: "the reader went away (unplugged?); it is opened again when it returns"
        case .cardRemoved: "the card left the reader's field; present it again and hold it still"
        case .cardUnresponsive: "the card does not answer the reader: present it again, flat on the reader"
        case .sharingViolation: "another program holds the card exclusively; stop it (pcsc_scan, a browser's smart-card plug-in)"
        case .communication: "the reader or card did not answer as PC/SC expects; present the card again"
        }
        return "\(subject): \(operation) failed\(cause): \(advice) (\(code))"
    }

    /// The same failure as DeviceKit's device events carry it (`DeviceEvent.health` takes a
    /// `SerialPortError`): the kind mapped, this error's code and wording in `operation`;
    /// `DeviceHealth.lastError` holds `description` unchanged.
    public var serialPortError: SerialPortError {
        let mapped: SerialPortError.Kind = switch kind {
        case .noService, .noReaders, .readerNotFound: .notFound
        case .readerUnavailable, .cardRemoved: .disconnected
        case .sharingViolation: .busy
        case .cardUnresponsive, .communication: .system
        }
        return SerialPortError(kind: mapped, path: reader, errorNumber: 0, operation: "pcsc \(operation) [\(code)]")
    }
}
