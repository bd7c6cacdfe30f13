/// Reads `type/subtype; key=value; key="quoted value"` header values (Content-Type,
/// Content-Disposition), as devices write them: any case, spaces or none, quoted or not.
public enum HeaderParameters {
    /// The media type before any `;`, trimmed and lower-cased; nil for a missing or empty value.
    public static func mediaType(_ value: String?) -> String? {
        guard let value else { return nil }
        let type = value.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let trimmed = type.trimmingSpaces().lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The parameter `key` (case-insensitive) in `value`, unquoted; nil when absent.
    public static func value(of key: String, in value: String?) -> String? {
        guard let value else { return nil }
        var scalars = Substring(value)
        // Skip the media type or disposition type.
        guard let firstSemicolon = scalars.firstIndex(of: ";") else { return nil }
        scalars = scalars[scalars.index(after: firstSemicolon)...]
        while !scalars.isEmpty {
            scalars = scalars.drop { $0 == " " || $0 == "\t" }
            let nameEnd = scalars.firstIndex { $0 == "=" || $0 == ";" } ?? scalars.endIndex
            let name = scalars[..<nameEnd].trimmingSpaces().lowercased()
            scalars = scalars[nameEnd...]
            var parameter: String?
            if scalars.first == "=" {
                scalars = scalars.dropFirst().drop { $0 == " " || $0 == "\t" }
                if scalars.first == "\"" {
                    scalars = scalars.dropFirst()
                    var text = ""
                    var escaped = false
                    while let character = scalars.first {
                        scalars = scalars.dropFirst()
                        if escaped { text.append(character); escaped = false
                        } else if character == "\\" { escaped = true
                        } else if character == "\"" { break
                        } else { text.append(character) }
                    }
                    parameter = text
                    scalars = scalars.drop { $0 != ";" }
                } else {
                    let end = scalars.firstIndex(of: ";") ?? scalars.endIndex
                    parameter = scalars[..<end].trimmingSpaces()
                    scalars = scalars[end...]
                }
            }
            if name == key.lowercased() { return parameter ?? "" }
            scalars = scalars.dropFirst()  // the ';'
        }
        return nil
    }
}
