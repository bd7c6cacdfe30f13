import LaneModel

/// What a value must be to go into a udev rule verbatim. Values are written between double
/// quotes, and udev treats `*`, `?`, `[` and `|` in a match as a pattern, so rather than escape
/// (which older udev versions do not understand) anything that could change a rule's meaning is
/// refused with the reason.
public enum UdevLiteral {
    /// The folder under `/dev` that holds the links (`/dev/laneagent/<device id>`).
    public static let linkFolder = "laneagent"

    /// What is wrong with `text` as a literal match value such as a serial number, or nil.
    public static func problem(matching text: String) -> String? {
        if text.isEmpty { return "is empty" }
        if text.utf8.count > 126 { return "is longer than a USB string descriptor (126 characters)" }
        for scalar in text.unicodeScalars {
            if scalar.value < 0x21 || scalar.value > 0x7e {
                return "has a character udev cannot match exactly (only printable ASCII without spaces)"
            }
            if "\"\\*?[]|$%".unicodeScalars.contains(scalar) {
                return "has '\(scalar)', which udev would read as quoting, a pattern or a substitution"
            }
        }
        return nil
    }

    /// What is wrong with `id` as the name of the link `/dev/laneagent/<id>`, or nil.
    public static func problem(linkName id: String) -> String? {
        guard Identifier.isValid(id) else { return "is not \(Identifier.allowedDescription)" }
        // Valid identifiers, but as a path component they name this folder or its parent.
        if id == "." || id == ".." { return "names a folder, not a link, in /dev/\(linkFolder)/\(id)" }
        return nil
    }

    /// What is wrong with `text` as a kernel USB port path (`1-1.2`, as `diag usb` prints it), or nil.
    public static func problem(portPath text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let digits = { (part: Substring) in !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard parts.count == 2, digits(parts[0]),
              parts[1].split(separator: ".", omittingEmptySubsequences: false).allSatisfy(digits) else {
            return "is not a USB port path such as 1-1.2 (bus, dash, port numbers separated by dots)"
        }
        return nil
    }
}
