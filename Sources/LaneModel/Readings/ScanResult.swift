/// An X-ray / non-intrusive inspection result for one scan.
public struct ScanResult: RecordObject, Hashable {
    /// The verdicts scanners give.
    public enum Verdict: String, RecordValue, Hashable, CaseIterable {
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

    public func write(to members: inout RecordMembers) {
        members.required("scanId", scanId)
        members.required("verdict", verdict)
        members.required("containers", containers)
        members.required("operator", operatorName)
    }
}
