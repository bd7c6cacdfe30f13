/// Reads typed values out of parsed TOML, collecting every problem with its line so one run of
/// `config check` shows them all.
public final class ConfigValidator {
    public private(set) var problems: [ConfigProblem] = []

    public init() {}

    /// Adds a problem the typed readers below cannot see (cross-field rules).
    public func report(_ kind: ConfigProblem.Kind, line: Int, _ message: String) {
        problems.append(ConfigProblem(kind: kind, line: line, message: message))
    }

    /// The table `[name]`, reporting it if required and absent, or if it is not a table.
    public func section(_ root: TOMLTable, _ name: String, required: Bool, contents: String) -> TOMLTable? {
        guard let node = root[name] else {
            if required { report(.missing, line: 1, "missing required section [\(name)] (\(contents))") }
            return nil
        }
        guard case .table(let table) = node.value else {
            report(.wrongType, line: node.line, "'\(name)' must be a table [\(name)], found \(node.value.typeName)")
            return nil
        }
        return table
    }

    /// A string value; `check` returns what is wrong with it, if anything.
    public func string(_ table: TOMLTable, _ section: String, _ key: String, required: Bool,
                expected: String, check: (String) -> String? = { _ in nil }) -> String? {
        guard let node = value(table, section, key, required: required, expected: expected) else { return nil }
        guard case .string(let text) = node.value else {
            report(.wrongType, line: node.line, "\(section).\(key) must be a string (\(expected)), found \(node.value.typeName)")
            return nil
        }
        if let problem = check(text) {
            report(.invalidValue, line: node.line, "\(section).\(key) = \"\(text)\" \(problem); expected \(expected)")
            return nil
        }
        return text
    }

    /// An integer value within `range`.
    public func integer(_ table: TOMLTable, _ section: String, _ key: String, range: ClosedRange<Int64>, unit: String) -> Int64? {
        guard let node = value(table, section, key, required: false, expected: "") else { return nil }
        guard case .integer(let number) = node.value else {
            report(.wrongType, line: node.line, "\(section).\(key) must be an integer number of \(unit), found \(node.value.typeName)")
            return nil
        }
        guard range.contains(number) else {
            report(.invalidValue, line: node.line, "\(section).\(key) = \(number) is out of range; expected \(range.lowerBound)...\(range.upperBound) \(unit)")
            return nil
        }
        return number
    }

    /// A number (integer or float) within `range`.
    public func number(_ table: TOMLTable, _ section: String, _ key: String, range: ClosedRange<Double>, unit: String) -> Double? {
        guard let node = value(table, section, key, required: false, expected: "") else { return nil }
        let number: Double
        switch node.value {
        case .integer(let integer): number = Double(integer)
        case .float(let float): number = float
        default:
            report(.wrongType, line: node.line, "\(section).\(key) must be a number of \(unit), found \(node.value.typeName)")
            return nil
        }
        guard range.contains(number) else {
            report(.invalidValue, line: node.line, "\(section).\(key) = \(number) is out of range; expected \(range.lowerBound)...\(range.upperBound) \(unit)")
            return nil
        }
        return number
    }

    /// One string or an array of strings, each passing `check`; nil when absent or all wrong.
    public func strings(_ table: TOMLTable, _ section: String, _ key: String, required: Bool,
                 expected: String, check: (String) -> String? = { _ in nil }) -> [String]? {
        guard let node = value(table, section, key, required: required, expected: expected) else { return nil }
        let elements: [TOMLNode]
        switch node.value {
        case .string: elements = [node]
        case .array(let array): elements = array
        default:
            report(.wrongType, line: node.line, "\(section).\(key) must be a string or an array of strings (\(expected)), found \(node.value.typeName)")
            return nil
        }
        var texts: [String] = []
        for element in elements {
            guard case .string(let text) = element.value else {
                report(.wrongType, line: element.line, "each element of \(section).\(key) must be a string (\(expected)), found \(element.value.typeName)")
                continue
            }
            if let problem = check(text) {
                report(.invalidValue, line: element.line, "\(section).\(key) has \"\(text)\", which \(problem); expected \(expected)")
                continue
            }
            texts.append(text)
        }
        if texts.isEmpty, elements.isEmpty { report(.invalidValue, line: node.line, "\(section).\(key) is empty; expected \(expected)") }
        return texts.isEmpty ? nil : texts
    }

    /// A boolean value.
    public func boolean(_ table: TOMLTable, _ section: String, _ key: String) -> Bool? {
        guard let node = value(table, section, key, required: false, expected: "") else { return nil }
        guard case .boolean(let flag) = node.value else {
            report(.wrongType, line: node.line, "\(section).\(key) must be true or false, found \(node.value.typeName)")
            return nil
        }
        return flag
    }

    /// Reports every key of `table` that is not in `known` (typos must not pass silently).
    public func rejectUnknownKeys(_ table: TOMLTable, _ section: String?, known: [String]) {
        for key in table.keys where !known.contains(key) {
            let node = table[key]!
            let list = known.joined(separator: ", ")
            if let section {
                let place = section.hasPrefix("[") ? section : "[\(section)]"
                report(.unknownKey, line: node.line, "unknown key '\(key)' in \(place); expected one of: \(list)")
            } else if case .table = node.value {
                report(.unknownKey, line: node.line, "unknown section [\(key)]; expected one of: \(known.map { "[\($0)]" }.joined(separator: ", "))")
            } else {
                report(.unknownKey, line: node.line, "unknown key '\(key)' outside any section; expected sections: \(list)")
            }
        }
    }

    private func value(_ table: TOMLTable, _ section: String, _ key: String, required: Bool, expected: String) -> TOMLNode? {
        guard let node = table[key] else {
            if required { report(.missing, line: table.line, "missing required key '\(key)' in [\(section)]; expected \(expected)") }
            return nil
        }
        return node
    }
}
