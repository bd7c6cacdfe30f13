/// Compares a camera's read with the plates a lane expects, forgiving only the confusions ANPR
/// engines are known to make (`docs/protocols.md`, "Vehicle plates"): `O`/`0`, `I`/`1`, `B`/`8`, `D`/`0`.
public enum PlateMatcher {
    /// The pairs of characters a read may swap, each both ways.
    public static let confusions: [(Unicode.Scalar, Unicode.Scalar)] = [("O", "0"), ("I", "1"), ("B", "8"), ("D", "0")]

    /// How `read` matches `expected` (both raw or normalised; each is normalised first), or nil
    /// when they differ in length or in any character beyond the allowed confusions.
    public static func compare(read: String, expected: String) -> PlateMatch? {
        let readScalars = Array(PlateNormalizer.normalize(read).unicodeScalars)
        let expectedScalars = Array(PlateNormalizer.normalize(expected).unicodeScalars)
        guard !readScalars.isEmpty, readScalars.count == expectedScalars.count else { return nil }
        var confused = 0
        for (seen, wanted) in zip(readScalars, expectedScalars) where seen != wanted {
            guard isConfusion(seen, wanted) else { return nil }
            confused += 1
        }
        return PlateMatch(expected: expected, confusedCharacters: confused)
    }

    /// True when `read` matches `expected` exactly or through the allowed confusions.
    public static func matches(read: String, expected: String) -> Bool { compare(read: read, expected: expected) != nil }

    /// The best match for `read` among `candidates`: an exact one first, then the one with the
    /// fewest confused characters (the earliest on a tie); nil when none matches.
    public static func bestMatch<Candidates: Sequence<String>>(read: String, in candidates: Candidates) -> PlateMatch? {
        var best: PlateMatch?
        for candidate in candidates {
            guard let match = compare(read: read, expected: candidate) else { continue }
            if match.isExact { return match }
            if best == nil || match.confusedCharacters < best!.confusedCharacters { best = match }
        }
        return best
    }

    static func isConfusion(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        confusions.contains { ($0.0 == a && $0.1 == b) || ($0.0 == b && $0.1 == a) }
    }
}

extension PlateMatcher {
    /// The plate normalised with each allowed confusion folded to one character (`O`, `D` → `0`,
    /// `I` → `1`, `B` → `8`): plates that can match share a key, so a long list of expected
    /// plates can be looked up instead of scanned. Equal keys are candidates, not matches
    /// (`O` and `D` share one); `compare` decides.
    public static func candidateKey(_ plate: String) -> String {
        var key = ""
        for scalar in PlateNormalizer.normalize(plate).unicodeScalars {
            switch scalar {
            case "O", "D": key.unicodeScalars.append("0")
            case "I": key.unicodeScalars.append("1")
            case "B": key.unicodeScalars.append("8")
            default: key.unicodeScalars.append(scalar)
            }
        }
        return key
    }
}
