import LaneModel

/// The per-field limits every reading keeps to before it becomes a record, whichever driver
/// made it: a string over `maximumStringBytes` is cut and an array over `maximumArrayCount`
/// shortened, and each cut is named in the body's `cut` member with the original size, so a
/// record says what it lost. Drivers check their own fields more tightly (a plate is at most
/// 64 bytes); this is the floor that keeps every reading far under the journal's record cap.
enum ReadingLimits {
    /// Longest string kept, in UTF-8 bytes.
    static let maximumStringBytes = 2048
    /// Most elements kept in one array.
    static let maximumArrayCount = 64
    /// Most cuts named; past it `cut` says only how many more there were.
    static let maximumNamedCuts = 16

    /// Cuts `body` to the limits; returns the body's `cut` member when anything was cut, nil otherwise.
    static func apply(_ body: inout [String: JSONValue]) -> JSONValue? {
        var cuts: [(String, Int)] = []
        for (key, value) in body { body[key] = bounded(value, path: key, cuts: &cuts) }
        guard !cuts.isEmpty else { return nil }
        var named: [String: JSONValue] = [:]
        for (path, size) in cuts.prefix(maximumNamedCuts) { named[path] = .number(Double(size)) }
        if cuts.count > maximumNamedCuts { named["more"] = .number(Double(cuts.count - maximumNamedCuts)) }
        return .object(named)
    }

    private static func bounded(_ value: JSONValue, path: String, cuts: inout [(String, Int)]) -> JSONValue {
        switch value {
        case .string(let text) where text.utf8.count > maximumStringBytes:
            cuts.append((path, text.utf8.count))
            return .string(prefix(text, bytes: maximumStringBytes))
        case .array(let items):
            if items.count > maximumArrayCount { cuts.append((path, items.count)) }
            return .array(items.prefix(maximumArrayCount).enumerated().map { bounded($1, path: "\(path)[\($0)]", cuts: &cuts) })
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (key, member) in members { out[key] = bounded(member, path: "\(path).\(key)", cuts: &cuts) }
            return .object(out)
        default:
            return value
        }
    }

    /// The longest prefix of `text` of at most `bytes` UTF-8 bytes that ends on a character.
    private static func prefix(_ text: String, bytes: Int) -> String {
        var kept = ""
        var count = 0
        for character in text {
            count += character.utf8.count
            if count > bytes { break }
            kept.append(character)
        }
        return kept
    }
}
