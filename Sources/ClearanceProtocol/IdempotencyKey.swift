import LaneModel

/// `Idempotency-Key: <device>:<firstSeq>-<lastSeq>`, naming the records a batch carries.
public struct IdempotencyKey: Sendable, Equatable, CustomStringConvertible {
    public let device: String
    public let firstSeq: Int
    public let lastSeq: Int

    public init(device: String, firstSeq: Int, lastSeq: Int) {
        self.device = device
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
    }

    /// Parses the header value; nil when it is not `<device>:<first>-<last>` with first ≤ last.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let device = String(text[..<colon])
        let range = text[text.index(after: colon)...].split(separator: "-", omittingEmptySubsequences: false)
        guard Identifier.isValid(device), range.count == 2,
              range.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let first = Int(range[0]), let last = Int(range[1]), first >= 1, first <= last
        else { return nil }
        self.init(device: device, firstSeq: first, lastSeq: last)
    }

    public var description: String { "\(device):\(firstSeq)-\(lastSeq)" }
}
