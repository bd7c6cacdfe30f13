// Why ours and not FoundationXML's XMLParser (libxml2): Tests/LibraryFitTests runs both over the
// ANPR driver's third-party alerts. libxml2 refuses the Jiangsu alert (white space before its
// XML declaration) and any document with an entity it does not declare, and reads 10,000 levels
// of nesting (a bound would be the delegate's); it would also bring libxml2 onto the board. It
// does stop nested entity expansion, as ours does by never expanding a declared entity.

/// Reads a small XML document (an event alert) into a tree of `XMLNode`s. Tolerant where
/// cameras are sloppy (a byte-order mark, NUL padding or white space after the root, undeclared
/// prefixes, unknown entities left as written) and strict where a document is broken
/// (unclosed or mismatched elements, a cut-off document). No DTDs, no external entities.
struct XMLTreeReader {
    /// Deeper documents are refused: alerts nest a few levels, a deep one is an attack or garbage.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var position = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The root element of `document`.
    static func read(_ document: [UInt8]) throws(XMLReadError) -> XMLNode {
        var reader = XMLTreeReader(document)
        return try reader.readDocument()
    }

    private mutating func readDocument() throws(XMLReadError) -> XMLNode {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        try skipMisc()
        guard position < bytes.count else { throw XMLReadError(offset: position, reason: "no root element") }
        guard bytes[position] == UInt8(ascii: "<") else { throw fail("text before the root element") }
        let root = try readElement()
        try skipMisc()
        while position < bytes.count, bytes[position] == 0 { position += 1 }
        guard position == bytes.count else { throw fail("content after the root element </\(root.name)>") }
        return root
    }

    /// Skips white space, comments, processing instructions and a DOCTYPE between elements.
    private mutating func skipMisc() throws(XMLReadError) {
        while position < bytes.count {
            if isSpace(bytes[position]) {
                position += 1
            } else if starts("<?") {
                try skip(past: "?>", what: "processing instruction")
            } else if starts("<!--") {
                try skip(past: "-->", what: "comment")
            } else if starts("<!DOCTYPE") || starts("<!doctype") {
                try skipDoctype()
            } else {
                return
            }
        }
    }

    /// Reads the element starting at `<`, iteratively so depth costs no stack.
    private mutating func readElement() throws(XMLReadError) -> XMLNode {
        var stack: [(node: XMLNode, rawName: String)] = []
        var text: [UInt8] = []
        // Text is gathered as bytes per element and decoded once, so CJK plates stay whole.
        var pendingText: [[UInt8]] = []
        while true {
            func cutOff() -> XMLReadError {
                let open = stack.last.map { "<\($0.rawName)>" } ?? "the root element"
                return XMLReadError(offset: position, reason: "document ends inside \(open) (cut off?)")
            }
            guard position < bytes.count else { throw cutOff() }
            if bytes[position] != UInt8(ascii: "<") {
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "<") { position += 1 }
                text += try resolveEntities(bytes[start..<position], at: start)
                continue
            }
            if starts("<![CDATA[") {
                let start = position + 9
                guard let end = find("]]>", from: start) else { throw fail("unterminated CDATA section") }
                text += bytes[start..<end]
                position = end + 3
            } else if starts("<!--") {
                try skip(past: "-->", what: "comment")
            } else if starts("<?") {
                try skip(past: "?>", what: "processing instruction")
            } else if starts("</") {
                position += 2
                let rawName = readName()
                while position < bytes.count, isSpace(bytes[position]) { position += 1 }
                guard position < bytes.count else { throw cutOff() }
                guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else { throw fail("malformed end tag </\(rawName)") }
                position += 1
                guard let open = stack.popLast() else { throw fail("end tag </\(rawName)> without a start tag") }
                guard rawName == open.rawName else { throw fail("</\(rawName)> closes <\(open.rawName)>") }
                var node = open.node
                node.text = String(decoding: text, as: UTF8.self)
                text = pendingText.popLast() ?? []
                if stack.isEmpty { return node }
                stack[stack.count - 1].node.children.append(node)
            } else {
                position += 1
                let rawName = readName()
                guard position < bytes.count else { throw cutOff() }
                guard !rawName.isEmpty else { throw fail("'<' not followed by an element name") }
                var node = XMLNode(name: Self.localName(rawName))
                node.attributes = try readAttributes(of: rawName)
                guard position < bytes.count else { throw cutOff() }
                if starts("/>") {
                    position += 2
                    if stack.isEmpty { return node }
                    stack[stack.count - 1].node.children.append(node)
                } else {
                    guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
                        throw XMLReadError(offset: position, reason: "start tag <\(rawName) is not closed with '>'")
                    }
                    position += 1
                    guard stack.count < Self.maximumDepth else { throw fail("elements nested deeper than \(Self.maximumDepth)") }
                    stack.append((node, rawName))
                    pendingText.append(text)
                    text = []
                }
            }
        }
    }

    private mutating func readAttributes(of element: String) throws(XMLReadError) -> [String: String] {
        var attributes: [String: String] = [:]
        while true {
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count else { return attributes }
            if bytes[position] == UInt8(ascii: ">") || starts("/>") { return attributes }
            let rawName = readName()
            guard !rawName.isEmpty else { throw fail("unexpected character in start tag <\(element)>") }
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
                throw fail("attribute \(rawName) of <\(element)> has no value")
            }
            position += 1
            while position < bytes.count, isSpace(bytes[position]) { position += 1 }
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
                throw fail("attribute \(rawName) of <\(element)> is not quoted")
            }
            let quote = bytes[position]
            let start = position + 1
            guard let end = bytes[start...].firstIndex(of: quote) else { throw fail("attribute \(rawName) of <\(element)> is not closed") }
            position = end + 1
            if rawName == "xmlns" || rawName.hasPrefix("xmlns:") { continue }
            attributes[Self.localName(rawName)] = String(decoding: try resolveEntities(bytes[start..<end], at: start), as: UTF8.self)
        }
    }

    /// A name: everything up to white space, `/`, `>`, `=` or the end.
    private mutating func readName() -> String {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if isSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "=")
                || byte == UInt8(ascii: "<") { break }
            position += 1
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and numeric references resolved; anything else
    /// (a bare `&`, an unknown name) kept as written, since cameras do not always escape.
    private func resolveEntities(_ raw: ArraySlice<UInt8>, at offset: Int) throws(XMLReadError) -> [UInt8] {
        guard raw.contains(UInt8(ascii: "&")) else { return Array(raw) }
        var out: [UInt8] = []
        var index = raw.startIndex
        while index < raw.endIndex {
            let byte = raw[index]
            guard byte == UInt8(ascii: "&"), let semicolon = raw[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                out.append(byte)
                index += 1
                continue
            }
            let name = String(decoding: raw[(index + 1)..<semicolon], as: UTF8.self)
            let replacement: String?
            switch name {
            case "lt": replacement = "<"
            case "gt": replacement = ">"
            case "amp": replacement = "&"
            case "quot": replacement = "\""
            case "apos": replacement = "'"
            default:
                if name.hasPrefix("#x") || name.hasPrefix("#X") {
                    replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
                } else if name.hasPrefix("#") {
                    replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
                } else {
                    replacement = nil
                }
            }
            if let replacement {
                out += Array(replacement.utf8)
                index = semicolon + 1
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    private mutating func skipDoctype() throws(XMLReadError) {
        // Up to the '>' that is not inside an internal subset '[…]'.
        var inSubset = false
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "[") { inSubset = true }
            if byte == UInt8(ascii: "]") { inSubset = false }
            if byte == UInt8(ascii: ">"), !inSubset { return }
        }
        throw fail("unterminated DOCTYPE")
    }

    private mutating func skip(past terminator: String, what: String) throws(XMLReadError) {
        guard let end = find(terminator, from: position + 2) else { throw fail("unterminated \(what)") }
        position = end + terminator.utf8.count
    }

    private func find(_ needle: String, from: Int) -> Int? {
        let pattern = Array(needle.utf8)
        var index = from
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    private func starts(_ prefix: String) -> Bool { bytes[position...].starts(with: prefix.utf8) }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    private func fail(_ reason: String) -> XMLReadError { XMLReadError(offset: position, reason: reason) }

    static func localName(_ name: String) -> String {
        guard let colon = name.lastIndex(of: ":") else { return name }
        return String(name[name.index(after: colon)...])
    }
}
