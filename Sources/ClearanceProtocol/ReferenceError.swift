import LaneModel

/// Why reference data was refused or could not be read; the copy already held stays in use.
public struct ReferenceError: LaneAgentError, Equatable {
    public let code: String
    public let message: String
    public let isUsageError: Bool
    /// A short stable reason for fault records (`bad-signature`, `expired`, …).
    public let reason: String

    public var description: String { "\(code): \(message)" }

    init(_ code: String, _ reason: String, _ message: String, usage: Bool = false) {
        self.code = code
        self.reason = reason
        self.message = message
        self.isUsageError = usage
    }

    static func malformed(_ source: String, _ detail: String) -> ReferenceError {
        ReferenceError("LA-REF-001", "malformed", "reference data from \(source) is malformed: \(detail)")
    }
    static func badSignature(_ source: String, _ detail: String) -> ReferenceError {
        ReferenceError("LA-REF-002", "bad-signature", "reference data from \(source) is not signed by the central key in [uplink] central_key: \(detail); the data was not used")
    }
    static func wrongSite(_ source: String, site: String, expected: String) -> ReferenceError {
        ReferenceError("LA-REF-003", "wrong-site", "reference data from \(source) is for site \(site), this agent is at \(expected)")
    }
    static func expired(_ source: String, expiresAt: Timestamp) -> ReferenceError {
        ReferenceError("LA-REF-004", "expired", "reference data from \(source) expired at \(expiresAt.rfc3339); ask the central service for a current copy")
    }
    static func notNewer(_ source: String, version: Int, held: Int) -> ReferenceError {
        ReferenceError("LA-REF-005", "not-newer", "reference data from \(source) has version \(version), not newer than the version \(held) already held")
    }
    /// Reading or storing reference data failed.
    public static func io(_ path: String, _ detail: String) -> ReferenceError {
        ReferenceError("LA-REF-006", "io", "\(path): \(detail)")
    }
    /// No verified reference data has been received yet.
    public static func noneHeld(_ path: String) -> ReferenceError {
        ReferenceError("LA-REF-007", "none", "no verified reference data at \(path) yet; the agent fetches it from the clearance service or [reference] file")
    }
    /// The central service could not be asked for reference data (network, HTTP status).
    public static func fetchFailed(_ source: String, _ detail: String) -> ReferenceError {
        ReferenceError("LA-REF-008", "unavailable", "reference data could not be fetched from \(source): \(detail)")
    }
    /// A usage problem with the input file of a publishing tool.
    public static func badInput(_ path: String, _ detail: String) -> ReferenceError {
        ReferenceError("LA-REF-009", "bad-input", "\(path): \(detail)", usage: true)
    }
}
