import Agent
import LaneModel

/// The members of one replay line, read with messages that name the field, what was found and
/// what was expected.
struct ReplayFields {
    let members: [String: JSONValue]
    let line: Int

    func error(_ message: String) -> ReplayLineError { ReplayLineError(line: line, message) }

    /// Refuses members outside `known`, so a misspelt optional field is not silently ignored.
    func rejectUnknown(_ known: Set<String>, type: String) throws(ReplayLineError) {
        let unknown = members.keys.filter { !known.contains($0) }.sorted()
        guard unknown.isEmpty else {
            let names = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            throw error("unknown field\(unknown.count == 1 ? "" : "s") \(names) for type \"\(type)\"; expected \(known.sorted().joined(separator: ", "))")
        }
    }

    func has(_ key: String) -> Bool {
        if let value = members[key], value != .null { return true }
        return false
    }

    func string(_ key: String) throws(ReplayLineError) -> String {
        guard let value = members[key] else { throw error("\"\(key)\" is missing; expected a non-empty string") }
        guard case .string(let text) = value, !text.isEmpty else {
            throw error("\"\(key)\" must be a non-empty string, found \(Self.describe(value))")
        }
        return text
    }

    func optionalString(_ key: String) throws(ReplayLineError) -> String? {
        has(key) ? try string(key) : nil
    }

    func bool(_ key: String) throws(ReplayLineError) -> Bool {
        guard let value = members[key] else { throw error("\"\(key)\" is missing; expected true or false") }
        guard case .bool(let flag) = value else { throw error("\"\(key)\" must be true or false, found \(Self.describe(value))") }
        return flag
    }

    func optionalBool(_ key: String) throws(ReplayLineError) -> Bool? {
        has(key) ? try bool(key) : nil
    }

    /// A finite number, within `range` when one is given.
    func number(_ key: String, in range: ClosedRange<Double>? = nil, meaning: String = "a number") throws(ReplayLineError) -> Double {
        guard let value = members[key] else { throw error("\"\(key)\" is missing; expected \(meaning)") }
        guard case .number(let number) = value, number.isFinite else { throw error("\"\(key)\" must be \(meaning), found \(Self.describe(value))") }
        if let range, !range.contains(number) {
            throw error("\"\(key)\" is \(CanonicalJSON.formatNumber(number)); expected \(meaning)")
        }
        return number
    }

    func optionalNumber(_ key: String, in range: ClosedRange<Double>? = nil, meaning: String = "a number") throws(ReplayLineError) -> Double? {
        has(key) ? try number(key, in: range, meaning: meaning) : nil
    }

    func strings(_ key: String) throws(ReplayLineError) -> [String] {
        guard let value = members[key] else { throw error("\"\(key)\" is missing; expected an array of strings") }
        guard case .array(let items) = value else { throw error("\"\(key)\" must be an array of strings, found \(Self.describe(value))") }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard case .string(let text) = item else { throw error("\"\(key)\"[\(index)] must be a string, found \(Self.describe(item))") }
            result.append(text)
        }
        return result
    }

    /// One of `choices` (raw values), named in the message when it is not.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, _ type: Choice.Type) throws(ReplayLineError) -> Choice
    where Choice.RawValue == String {
        let names = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        guard let value = members[key] else { throw error("\"\(key)\" is missing; expected one of \(names)") }
        guard case .string(let text) = value, let choice = Choice(rawValue: text) else {
            throw error("\"\(key)\" is \(Self.describe(value)); expected one of \(names)")
        }
        return choice
    }

    /// A JSON value as a message shows it: short strings quoted, other kinds by name.
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): "\(flag)"
        case .number(let number): CanonicalJSON.formatNumber(number)
        case .string(let text): text.count <= 40 ? "\"\(text)\"" : "a string of \(text.count) characters"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
