import CPCSC

/// A PC/SC call's return code (`SCARD_S_SUCCESS`, `SCARD_E_NO_SERVICE` …). pcsc-lite declares
/// them as casted macros, which Swift does not import, so the ones we act on are spelled here.
public struct PCSCStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: LONG

    public init(rawValue: LONG) { self.rawValue = rawValue }

    /// `value` as pcsc-lite's `(LONG)0x801000NN` gives it on this platform (LONG is `long`).
    private init(_ value: UInt32) { rawValue = LONG(truncatingIfNeeded: value) }

    public static let success = PCSCStatus(0x0000_0000)
    public static let cancelled = PCSCStatus(0x8010_0002)
    public static let invalidHandle = PCSCStatus(0x8010_0003)
    public static let insufficientBuffer = PCSCStatus(0x8010_0008)
    public static let unknownReader = PCSCStatus(0x8010_0009)
    public static let timeout = PCSCStatus(0x8010_000A)
    public static let sharingViolation = PCSCStatus(0x8010_000B)
    public static let noSmartcard = PCSCStatus(0x8010_000C)
    public static let protocolMismatch = PCSCStatus(0x8010_000F)
    public static let notReady = PCSCStatus(0x8010_0010)
    public static let systemCancelled = PCSCStatus(0x8010_0012)
    /// SCARD_F_COMM_ERROR: the client lost its socket to pcscd (the daemon stopped).
    public static let rpcTransport = PCSCStatus(0x8010_0013)
    public static let readerUnavailable = PCSCStatus(0x8010_0017)
    public static let noService = PCSCStatus(0x8010_001D)
    public static let serviceStopped = PCSCStatus(0x8010_001E)
    public static let noReadersAvailable = PCSCStatus(0x8010_002E)
    public static let communicationDataLost = PCSCStatus(0x8010_002F)
    public static let unsupportedCard = PCSCStatus(0x8010_0065)
    public static let unresponsiveCard = PCSCStatus(0x8010_0066)
    public static let unpoweredCard = PCSCStatus(0x8010_0067)
    public static let resetCard = PCSCStatus(0x8010_0068)
    public static let removedCard = PCSCStatus(0x8010_0069)

    private static let names: [PCSCStatus: String] = [
        .success: "SCARD_S_SUCCESS", .cancelled: "SCARD_E_CANCELLED", .invalidHandle: "SCARD_E_INVALID_HANDLE",
        .insufficientBuffer: "SCARD_E_INSUFFICIENT_BUFFER", .unknownReader: "SCARD_E_UNKNOWN_READER", .timeout: "SCARD_E_TIMEOUT",
        .sharingViolation: "SCARD_E_SHARING_VIOLATION", .noSmartcard: "SCARD_E_NO_SMARTCARD", .protocolMismatch: "SCARD_E_PROTO_MISMATCH",
        .notReady: "SCARD_E_NOT_READY", .rpcTransport: "SCARD_F_COMM_ERROR", .systemCancelled: "SCARD_E_SYSTEM_CANCELLED", .readerUnavailable: "SCARD_E_READER_UNAVAILABLE",
        .noService: "SCARD_E_NO_SERVICE", .serviceStopped: "SCARD_E_SERVICE_STOPPED", .noReadersAvailable: "SCARD_E_NO_READERS_AVAILABLE",
        .communicationDataLost: "SCARD_E_COMM_DATA_LOST", .unsupportedCard: "SCARD_W_UNSUPPORTED_CARD",
        .unresponsiveCard: "SCARD_W_UNRESPONSIVE_CARD", .unpoweredCard: "SCARD_W_UNPOWERED_CARD", .resetCard: "SCARD_W_RESET_CARD",
        .removedCard: "SCARD_W_REMOVED_CARD",
    ]

    /// The code's name and pcsc-lite's own wording: `SCARD_E_NO_SERVICE (Service not available.)`.
    public var description: String {
        let name = Self.names[self] ?? "0x" + String(UInt32(truncatingIfNeeded: rawValue), radix: 16, uppercase: true)
        return "\(name) (\(String(cString: pcsc_stringify_error(rawValue))))"
    }
}
