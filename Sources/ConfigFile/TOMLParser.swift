/// A TOML 1.0 parser that remembers the line of every key and table header.
///
/// Written here because configuration errors must name the exact line of a key, which the
/// mirrored TOML library (TOMLKit) does not expose, and it pulls in a dependency that is not
/// mirrored.
public struct TOMLParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private let root = TOMLTable(line: 1, origin: .root)
    /// The table that key/value lines go into: the root or the last header's table.
    private var current: TOMLTable

    /// Parses a whole document into its root table.
    public static func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(bytes: Array(text.utf8))
        try parser.parseDocument()
        return parser.root
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
        self.current = root
    }

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    private func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
    private func fail(_ message: String, line: Int? = nil) -> TOMLError { TOMLError(line: line ?? self.line, message: message) }

    private func describe(_ byte: UInt8?) -> String {
        guard let byte else { return "end of file" }
        if byte == 0x0A { return "end of line" }
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16))"
    }

    // MARK: Document structure

    private mutating func parseDocument() throws(TOMLError) {
        while true {
            skipBlankLinesAndComments()
            guard let byte = peek else { return }
            if byte == UInt8(ascii: "[") {
                try parseHeader()
            } else {
                try parseKeyValue(into: current)
            }
            try expectLineEnd()
        }
    }

    private mutating func skipSpaces() {
        while let byte = peek, byte == 0x20 || byte == 0x09 { index += 1 }
    }

    private mutating func skipComment() {
        guard peek == UInt8(ascii: "#") else { return }
        while let byte = peek, byte != 0x0A { index += 1 }
    }

    private mutating func skipBlankLinesAndComments() {
        while true {
            skipSpaces()
            skipComment()
            if peek == 0x0A { index += 1; line += 1; continue }
            if peek == 0x0D && peek(1) == 0x0A { index += 2; line += 1; continue }
            return
        }
    }

    private mutating func expectLineEnd() throws(TOMLError) {
        skipSpaces()
        skipComment()
        switch peek {
        case nil: return
        case 0x0A: index += 1; line += 1
        case 0x0D where peek(1) == 0x0A: index += 2; line += 1
        case let other: throw fail("expected the end of the line, found \(describe(other))")
        }
    }

    private mutating func parseHeader() throws(TOMLError) {
        let headerLine = line
        let isArray = peek(1) == UInt8(ascii: "[")
        index += isArray ? 2 : 1
        skipSpaces()
        let path = try parseKey()
        skipSpaces()
        guard peek == UInt8(ascii: "]") else { throw fail("expected ']' to close the table header, found \(describe(peek))") }
        index += 1
        if isArray {
            guard peek == UInt8(ascii: "]") else { throw fail("expected ']]' to close the array-of-tables header") }
            index += 1
        }
        let name = path.joined(separator: ".")
        var table = root
        for key in path.dropLast() { table = try descend(table, key, name: name, line: headerLine) }
        let last = path.last!
        if isArray {
            let element = TOMLTable(line: headerLine, origin: .arrayElement)
            if let existing = table[last] {
                guard case .array(let elements) = existing.value, arrayTables.contains(ObjectIdentifier(table), last) else {
                    throw fail("[[\(name)]] redefines '\(name)', which line \(existing.line) already defined as \(existing.value.typeName)")
                }
                table.set(last, TOMLNode(value: .array(elements + [TOMLNode(value: .table(element), line: headerLine)]), line: existing.line))
            } else {
                table.set(last, TOMLNode(value: .array([TOMLNode(value: .table(element), line: headerLine)]), line: headerLine))
                arrayTables.insert(ObjectIdentifier(table), last)
            }
            current = element
        } else {
            if let existing = table[last] {
                guard case .table(let existingTable) = existing.value, existingTable.origin == .implicit else {
                    throw fail("table [\(name)] is defined twice (first at line \(existing.line))")
                }
                existingTable.origin = .header
                existingTable.line = headerLine
                current = existingTable
            } else {
                let created = TOMLTable(line: headerLine, origin: .header)
                table.set(last, TOMLNode(value: .table(created), line: headerLine))
                current = created
            }
        }
    }

    private var arrayTables = ArrayTableRegistry()

    /// Steps into `key` of `table` on the way to a header's table, creating implicit tables.
    private mutating func descend(_ table: TOMLTable, _ key: String, name: String, line: Int) throws(TOMLError) -> TOMLTable {
        guard let node = table[key] else {
            let created = TOMLTable(line: line, origin: .implicit)
            table.set(key, TOMLNode(value: .table(created), line: line))
            return created
        }
        switch node.value {
        case .table(let inner) where inner.origin != .inline:
            return inner
        case .array(let elements) where arrayTables.contains(ObjectIdentifier(table), key):
            if case .table(let last)? = elements.last?.value { return last }
            fallthrough
        default:
            throw fail("'\(key)' in [\(name)] is already \(node.value.typeName) (line \(node.line)), not a table that can be extended")
        }
    }

    // MARK: Keys and values

    private mutating func parseKeyValue(into table: TOMLTable) throws(TOMLError) {
        let keyLine = line
        let path = try parseKey()
        skipSpaces()
        guard peek == UInt8(ascii: "=") else {
            throw fail("expected '=' after the key '\(path.joined(separator: "."))', found \(describe(peek))")
        }
        index += 1
        skipSpaces()
        let value = try parseValue()
        var target = table
        for key in path.dropLast() {
            if let node = target[key] {
                guard case .table(let inner) = node.value, inner.origin == .dotted || inner.origin == .implicit else {
                    throw fail("'\(key)' is already \(node.value.typeName) (line \(node.line)); cannot add '\(path.joined(separator: "."))' to it")
                }
                target = inner
            } else {
                let created = TOMLTable(line: keyLine, origin: .dotted)
                target.set(key, TOMLNode(value: .table(created), line: keyLine))
                target = created
            }
        }
        let last = path.last!
        if let existing = target[last] {
            throw fail("duplicate key '\(path.joined(separator: "."))' (first set at line \(existing.line))", line: keyLine)
        }
        target.set(last, TOMLNode(value: value, line: keyLine))
    }

    private mutating func parseKey() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            switch peek {
            case UInt8(ascii: "\""): parts.append(try parseBasicString())
            case UInt8(ascii: "'"): parts.append(try parseLiteralString())
            default:
                let start = index
                while let byte = peek, isBareKeyByte(byte) { index += 1 }
                guard index > start else { throw fail("expected a key, found \(describe(peek))") }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipSpaces()
            guard peek == UInt8(ascii: ".") else { return parts }
            index += 1
        }
    }

    private func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    private mutating func parseValue() throws(TOMLError) -> TOMLValue {
        switch peek {
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") { return .string(try parseMultilineBasicString()) }
            return .string(try parseBasicString())
        case UInt8(ascii: "'"):
            if peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'") { return .string(try parseMultilineLiteralString()) }
            return .string(try parseLiteralString())
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "{"): return try parseInlineTable()
        case nil, 0x0A, 0x0D, UInt8(ascii: "#"): throw fail("expected a value after '='")
        default: return try parseScalar()
        }
    }

    private mutating func parseArray() throws(TOMLError) -> TOMLValue {
        index += 1
        var elements: [TOMLNode] = []
        while true {
            skipBlankLinesAndComments()
            if peek == UInt8(ascii: "]") { index += 1; return .array(elements) }
            let elementLine = line
            elements.append(TOMLNode(value: try parseValue(), line: elementLine))
            skipBlankLinesAndComments()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return .array(elements)
            default: throw fail("expected ',' or ']' in an array, found \(describe(peek))")
            }
        }
    }

    private mutating func parseInlineTable() throws(TOMLError) -> TOMLValue {
        index += 1
        let table = TOMLTable(line: line, origin: .inline)
        skipSpaces()
        if peek == UInt8(ascii: "}") { index += 1; return .table(table) }
        while true {
            skipSpaces()
            try parseKeyValue(into: table)
            skipSpaces()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return .table(table)
            default: throw fail("expected ',' or '}' in an inline table (which must stay on one line), found \(describe(peek))")
            }
        }
    }

    // MARK: Strings

    private mutating func parseBasicString() throws(TOMLError) -> String {
        index += 1
        var output: [UInt8] = []
        while true {
            guard let byte = peek, byte != 0x0A else { throw fail("unterminated string: missing closing '\"'") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return try utf8(output)
            case UInt8(ascii: "\\"): try parseEscape(into: &output)
            case 0x00..<0x20 where byte != 0x09, 0x7F: throw fail("control character \(describe(byte)) in a string; write it as an escape")
            default: output.append(byte)
            }
        }
    }

    private mutating func parseMultilineBasicString() throws(TOMLError) -> String {
        index += 3
        skipNewline()
        var output: [UInt8] = []
        while true {
            guard let byte = peek else { throw fail("unterminated multi-line string: missing closing '\"\"\"'") }
            if byte == UInt8(ascii: "\"") && peek(1) == UInt8(ascii: "\"") && peek(2) == UInt8(ascii: "\"") {
                index += 3
                // Up to two quotes may sit right before the closing delimiter.
                for _ in 0..<2 where peek == UInt8(ascii: "\"") { output.append(byte); index += 1 }
                return try utf8(output)
            }
            index += 1
            switch byte {
            case UInt8(ascii: "\\"):
                // A line-ending backslash trims the newline and the whitespace after it.
                var probe = index
                while probe < bytes.count && (bytes[probe] == 0x20 || bytes[probe] == 0x09) { probe += 1 }
                if probe < bytes.count && (bytes[probe] == 0x0A || bytes[probe] == 0x0D) {
                    index = probe
                    while let next = peek, next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D {
                        if next == 0x0A { line += 1 }
                        index += 1
                    }
                } else {
                    try parseEscape(into: &output)
                }
            case 0x0A: line += 1; output.append(byte)
            case 0x0D where peek == 0x0A: output.append(byte)
            case 0x00..<0x20 where byte != 0x09, 0x7F: throw fail("control character \(describe(byte)) in a string")
            default: output.append(byte)
            }
        }
    }

    private mutating func parseLiteralString() throws(TOMLError) -> String {
        index += 1
        let start = index
        while let byte = peek, byte != UInt8(ascii: "'") {
            guard byte != 0x0A else { throw fail("unterminated string: missing closing \"'\"") }
            index += 1
        }
        guard peek != nil else { throw fail("unterminated string: missing closing \"'\"") }
        let text = try utf8(Array(bytes[start..<index]))
        index += 1
        return text
    }

    private mutating func parseMultilineLiteralString() throws(TOMLError) -> String {
        index += 3
        skipNewline()
        let start = index
        while true {
            guard let byte = peek else { throw fail("unterminated multi-line string: missing closing \"'''\"") }
            if byte == UInt8(ascii: "'") && peek(1) == UInt8(ascii: "'") && peek(2) == UInt8(ascii: "'") {
                var end = index
                index += 3
                while peek == UInt8(ascii: "'") { index += 1; end += 1 }
                return try utf8(Array(bytes[start..<end]))
            }
            if byte == 0x0A { line += 1 }
            index += 1
        }
    }

    private mutating func skipNewline() {
        if peek == 0x0A { index += 1; line += 1 } else if peek == 0x0D && peek(1) == 0x0A { index += 2; line += 1 }
    }

    private mutating func parseEscape(into output: inout [UInt8]) throws(TOMLError) {
        guard let escape = peek else { throw fail("unterminated escape") }
        index += 1
        switch escape {
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "\""): output.append(0x22)
        case UInt8(ascii: "\\"): output.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = escape == UInt8(ascii: "u") ? 4 : 8
            guard index + count <= bytes.count,
                  let code = UInt32(String(decoding: bytes[index..<index + count], as: UTF8.self), radix: 16),
                  let scalar = Unicode.Scalar(code) else {
                throw fail("invalid \\\(Character(Unicode.Scalar(escape))) escape: expected \(count) hex digits of a Unicode scalar")
            }
            index += count
            output.append(contentsOf: String(Character(scalar)).utf8)
        default: throw fail("invalid escape '\\\(Character(Unicode.Scalar(escape)))'")
        }
    }

    private func utf8(_ output: [UInt8]) throws(TOMLError) -> String {
        guard let text = String(validating: output, as: UTF8.self) else { throw fail("string is not valid UTF-8") }
        return text
    }

    // MARK: Numbers, booleans, date-times

    private mutating func parseScalar() throws(TOMLError) -> TOMLValue {
        let start = index
        while let byte = peek, isScalarByte(byte) { index += 1 }
        // A date-time may separate date and time with one space: "1979-05-27 07:32:00Z".
        if index - start == 10, peek == 0x20, let next = peek(1), (0x30...0x39).contains(next) {
            index += 1
            while let byte = peek, isScalarByte(byte) { index += 1 }
        }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        switch token {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        case "": throw fail("expected a value, found \(describe(peek))")
        default: break
        }
        if isDateTime(token) { return .datetime(token) }
        if let integer = parseInteger(token) { return .integer(integer) }
        if let float = parseFloat(token) { return .float(float) }
        throw fail("'\(token)' is not a valid value (strings need quotes)")
    }

    private func isScalarByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    private func isDateTime(_ token: String) -> Bool {
        let utf8 = Array(token.utf8)
        let isDigit = { (index: Int) in index < utf8.count && (0x30...0x39).contains(utf8[index]) }
        let isDate = utf8.count >= 10 && (0..<4).allSatisfy(isDigit) && utf8[4] == UInt8(ascii: "-")
            && isDigit(5) && isDigit(6) && utf8[7] == UInt8(ascii: "-") && isDigit(8) && isDigit(9)
        let isTime = utf8.count >= 8 && isDigit(0) && isDigit(1) && utf8[2] == UInt8(ascii: ":")
        return isDate || isTime
    }

    private func digitsWithUnderscores(_ text: Substring, radix: Int) -> String? {
        guard !text.isEmpty, text.first != "_", text.last != "_", !text.contains("__") else { return nil }
        let digits = String(text.filter { $0 != "_" })
        return digits.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) ? digits : nil
    }

    private func parseInteger(_ token: String) -> Int64? {
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where token.hasPrefix(prefix) {
            guard let digits = digitsWithUnderscores(token.dropFirst(2), radix: radix) else { return nil }
            return Int64(digits, radix: radix)
        }
        var body = Substring(token)
        var sign = ""
        if body.first == "+" || body.first == "-" { sign = body.first == "-" ? "-" : ""; body = body.dropFirst() }
        guard let digits = digitsWithUnderscores(body, radix: 10) else { return nil }
        if digits.count > 1 && digits.hasPrefix("0") { return nil }
        return Int64(sign + digits)
    }

    private func parseFloat(_ token: String) -> Double? {
        var body = Substring(token)
        var sign = ""
        if body.first == "+" || body.first == "-" { sign = body.first == "-" ? "-" : ""; body = body.dropFirst() }
        let exponentSplit = body.split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: "E", maxSplits: 1, omittingEmptySubsequences: false) }
        guard let mantissa = exponentSplit.first, exponentSplit.count <= 2 else { return nil }
        let parts = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let integer = digitsWithUnderscores(parts[0], radix: 10), !(integer.count > 1 && integer.hasPrefix("0")) else { return nil }
        var text = sign + integer
        if parts.count == 2 {
            guard let fraction = digitsWithUnderscores(parts[1], radix: 10) else { return nil }
            text += "." + fraction
        }
        if exponentSplit.count == 2 {
            var exponent = exponentSplit[1]
            var exponentSign = ""
            if exponent.first == "+" || exponent.first == "-" { exponentSign = String(exponent.first!); exponent = exponent.dropFirst() }
            guard let digits = digitsWithUnderscores(exponent, radix: 10) else { return nil }
            text += "e" + exponentSign + digits
        }
        guard parts.count == 2 || exponentSplit.count == 2 else { return nil }
        return Double(text)
    }
}

/// Which keys of which tables hold `[[…]]` arrays (which may grow), as opposed to static arrays.
struct ArrayTableRegistry {
    private struct Entry: Hashable {
        let table: ObjectIdentifier
        let key: String
    }

    private var entries: Set<Entry> = []

    mutating func insert(_ table: ObjectIdentifier, _ key: String) { entries.insert(Entry(table: table, key: key)) }
    func contains(_ table: ObjectIdentifier, _ key: String) -> Bool { entries.contains(Entry(table: table, key: key)) }
}
