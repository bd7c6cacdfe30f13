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

    /// The most records one batch may hold (`[uplink] batch_max_records` is at most this). A key
    /// naming more is refused before anything is read or allocated for it.
    public static let maximumRecords = 100_000

    /// The number of records the key names.
    public var count: Int { lastSeq - firstSeq + 1 }

    /// Parses the header value; nil when it is not `<device>:<first>-<last>` with first ≤ last,
    /// naming at most `maximumRecords` records.
    public init?(_ text: String) {
        // A seq has at most 19 digits (Int64); a longer header is not a key.
        guard text.utf8.count <= 64 + 1 + 19 + 1 + 19 else { return nil }
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let device = String(text[..<colon])
        let range = text[text.index(after: colon)...].split(separator: "-", omittingEmptySubsequences: false)
        guard Identifier.isValid(device), range.count == 2,
              range.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let first = Int(range[0]), let last = Int(range[1]), first >= 1, first <= last,
              last - first < Self.maximumRecords
        else { return nil }
        self.init(device: device, firstSeq: first, lastSeq: last)
    }

    public var description: String { "\(device):\(firstSeq)-\(lastSeq)" }
}
