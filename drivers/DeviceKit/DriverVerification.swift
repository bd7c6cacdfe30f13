/// How far a driver's reading of its protocol is proven, for `diag drivers` and the driver's
/// README ("What is verified"): against material from outside this project, or only as far as
/// a vendor's table or our own reading goes. The README lists each item with its level.
public struct DriverVerification: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable, CaseIterable {
        /// The driver's tests decode third-party captures, firmware output or public specimens
        /// (named in `Fixtures/third-party/SOURCES.md`).
        case thirdParty = "third-party"
        /// Derived from a vendor's published table or manual; no third-party capture yet.
        case vendorTable = "vendor-table"
        /// Our own reading; nothing from outside confirms it.
        case assumption
        /// The format is LaneAgent's own contract: there is nothing outside to verify against.
        case ownFormat = "own-format"
    }

    /// The strongest material the driver's fixture tests run against.
    public let level: Level
    /// What is still our assumption or unverified, in a sentence, for technicians.
    public let unverified: String

    public init(_ level: Level, unverified: String) {
        self.level = level
        self.unverified = unverified
    }
}
