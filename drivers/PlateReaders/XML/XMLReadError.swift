/// Why an XML document could not be read, and where.
struct XMLReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The byte offset in the document.
    var offset: Int
    var reason: String

    var description: String { "\(reason) at byte \(offset)" }
}
