/// An X-ray / non-intrusive inspection result for one scan.
public struct ScanResult: Sendable, Hashable {
    /// The verdicts scanners give.
    public enum Verdict: String, Sendable, Hashable, CaseIterable {
        case clear, suspect, inconclusive
    }

    public var scanId: String
    public var verdict: Verdict
    /// The container codes the scan covered, as the scanner reported them.
    public var containers: [String]
    /// The analyst or operator who gave the verdict, when reported.
    public var operatorName: String?

    public init(scanId: String, verdict: Verdict, containers: [String], operatorName: String?) {
        self.scanId = scanId
        self.verdict = verdict
        self.containers = containers
        self.operatorName = operatorName
    }

    var members: [String: JSONValue] {
        ["scanId": .string(scanId), "verdict": .string(verdict.rawValue), "containers": .array(containers.map(JSONValue.string)),
         "operator": operatorName.map(JSONValue.string) ?? .null]
    }
}
