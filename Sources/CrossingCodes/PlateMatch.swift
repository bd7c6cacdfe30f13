/// A read that matched an expected plate, and how closely.
public struct PlateMatch: Sendable, Hashable {
    /// The expected plate as it was given.
    public var expected: String
    /// How many characters matched only through an allowed confusion (`O`/`0`, …); 0 is exact.
    public var confusedCharacters: Int

    public init(expected: String, confusedCharacters: Int) {
        self.expected = expected
        self.confusedCharacters = confusedCharacters
    }

    /// True when every character matched as read.
    public var isExact: Bool { confusedCharacters == 0 }
}
