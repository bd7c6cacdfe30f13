// HTML-safe text for the status and fleet pages, which show what devices and boards sent.
extension String {
    /// The text with `& < > " '` replaced by entities: safe in HTML text and quoted attributes.
    /// Device errors, plates and officers' reasons come from outside; none may become markup.
    public var htmlEscaped: String {
        var escaped = ""
        escaped.reserveCapacity(utf8.count)
        for character in self {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
