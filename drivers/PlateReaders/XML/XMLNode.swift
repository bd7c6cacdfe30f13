import Foundation

/// One element of a small XML document, reduced to what event parsers read.
struct XMLNode: Sendable, Hashable {
    /// The local name: a namespace prefix (`isapi:ANPR`) is dropped, so documents with and
    /// without a default or prefixed namespace read alike.
    var name: String
    /// Attributes by local name; namespace declarations are left out.
    var attributes: [String: String] = [:]
    var children: [XMLNode] = []
    /// The character data directly inside, CDATA included, entities resolved.
    var text: String = ""

    /// The first child element called `name`.
    func child(_ name: String) -> XMLNode? { children.first { $0.name == name } }

    /// The text of the first child called `name`, trimmed of white space; nil when there is no such child.
    func childText(_ name: String) -> String? {
        child(name).map { $0.text.trimmingCharacters(in: .xmlWhitespace) }
    }
}

extension CharacterSet {
    /// XML's white space: space, tab, CR, LF.
    static let xmlWhitespace = CharacterSet(charactersIn: " \t\r\n")
}
