/// The machine-readable zone layouts ICAO 9303 defines that the `serial-mrz` driver reads.
public enum MRZFormat: String, Sendable, Hashable, CaseIterable {
    /// ID cards: 3 lines of 30 characters (ICAO 9303 part 5).
    case td1 = "TD1"
    /// Passports: 2 lines of 44 characters (ICAO 9303 part 4).
    case td3 = "TD3"

    public var lineLength: Int {
        switch self {
        case .td1: 30
        case .td3: 44
        }
    }

    public var lineCount: Int {
        switch self {
        case .td1: 3
        case .td3: 2
        }
    }

    /// The format whose lines are `length` characters long.
    public static func withLineLength(_ length: Int) -> MRZFormat? { allCases.first { $0.lineLength == length } }

    /// True when `line` can be a document's first line: its document code starts with `P`
    /// (passports) or with `I`, `A` or `C` (ID cards). A reader that lost a first line would
    /// otherwise pair the second line with the next document's first.
    public func canStartDocument(_ line: [UInt8]) -> Bool {
        switch self {
        case .td1: [UInt8(ascii: "I"), UInt8(ascii: "A"), UInt8(ascii: "C")].contains(line[0])
        case .td3: line[0] == UInt8(ascii: "P")
        }
    }

    /// The first letters a first line may begin with, for error messages.
    public var documentCodeStarts: String {
        switch self {
        case .td1: "I, A or C"
        case .td3: "P"
        }
    }
}
