/// A position in the feed of every device's records (`GET /v1/feed?after=CURSOR`): the storing
/// transaction and the record's place in it, written `T-P`. Readers keep it as opaque text.
public struct FeedCursor: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Orders commits: SQLite's batch counter, PostgreSQL's 64-bit transaction id.
    public var transaction: Int64
    /// Orders records within the store (every record has its own).
    public var position: Int64

    /// Before the first record.
    public static let start = FeedCursor(transaction: 0, position: 0)

    public init(transaction: Int64, position: Int64) {
        self.transaction = transaction
        self.position = position
    }

    /// Parses `T-P` (decimal, each at most 18 digits so it always fits); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
              let transaction = Self.number(parts[0]), let position = Self.number(parts[1])
        else { return nil }
        self.init(transaction: transaction, position: position)
    }

    private static func number(_ text: Substring) -> Int64? {
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int64(text)
    }

    public var description: String { "\(transaction)-\(position)" }

    public static func < (left: FeedCursor, right: FeedCursor) -> Bool {
        (left.transaction, left.position) < (right.transaction, right.position)
    }
}

/// One record in the feed.
public struct FeedEntry: Sendable, Equatable {
    /// Pass this as `after` to read on from just past this record.
    public var cursor: FeedCursor
    public var device: String
    public var seq: Int
    /// The envelope line as the device sent it.
    public var envelope: [UInt8]

    public init(cursor: FeedCursor, device: String, seq: Int, envelope: [UInt8]) {
        self.cursor = cursor
        self.device = device
        self.seq = seq
        self.envelope = envelope
    }
}

/// A page of the feed and where the next one starts.
public struct FeedPage: Sendable, Equatable {
    public var entries: [FeedEntry]
    /// The last entry's cursor, or the one asked with when the page is empty.
    public var next: FeedCursor

    public init(entries: [FeedEntry], after: FeedCursor) {
        self.entries = entries
        next = entries.last?.cursor ?? after
    }
}
