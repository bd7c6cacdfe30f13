/// A `multipart/form-data` body (RFC 7578) split into its parts. Terminals are not strict
/// about it: LF instead of CRLF, a missing closing delimiter, parts without a content type are
/// all accepted; a body with no delimiter at all is not.
public enum MultipartBody {
    /// Why a body cannot be split.
    public struct Failure: Error, Sendable, Hashable {
        public let reason: String
    }

    /// The `boundary` parameter of a `multipart/…` content type, unquoted.
    public static func boundary(inContentType contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingSpaces
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// The parts of `body`, delimited by `--boundary`.
    public static func parts(of body: [UInt8], boundary: String) throws(Failure) -> [MultipartPart] {
        let delimiter = Array("--\(boundary)".utf8)
        var starts = positions(of: delimiter, in: body)
        guard !starts.isEmpty else { throw Failure(reason: "no --\(boundary.prefix(70)) delimiter in the body") }
        starts.append(body.count)
        var parts: [MultipartPart] = []
        for (start, end) in zip(starts, starts.dropFirst()) {
            var cursor = start + delimiter.count
            // `--boundary--` closes the body.
            if body[cursor..<min(cursor + 2, body.count)].elementsEqual([0x2D, 0x2D]) { break }
            cursor = skipLineEnd(body, from: cursor)
            var contentEnd = end
            // The line break before the next delimiter belongs to the delimiter.
            if contentEnd > cursor, body[contentEnd - 1] == 0x0A {
                contentEnd -= 1
                if contentEnd > cursor, body[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            }
            guard cursor <= contentEnd else { continue }
            parts.append(part(Array(body[cursor..<contentEnd])))
        }
        guard !parts.isEmpty else { throw Failure(reason: "no parts between the delimiters") }
        return parts
    }

    /// Splits one part into its header lines and content.
    private static func part(_ bytes: [UInt8]) -> MultipartPart {
        var headerEnd = bytes.count, contentStart = bytes.count
        if bytes.starts(with: [0x0A]) || bytes.starts(with: [0x0D, 0x0A]) {
            // No header lines at all: the content follows the blank line at once.
            headerEnd = 0
            contentStart = bytes[0] == 0x0A ? 1 : 2
        } else {
            var index = 0
            while index < bytes.count {
                if bytes[index] == 0x0A {
                    // A blank line (LF LF or CRLF CRLF) ends the headers.
                    let next = index + 1
                    if next < bytes.count, bytes[next] == 0x0A { headerEnd = index; contentStart = next + 1; break }
                    if next + 1 < bytes.count, bytes[next] == 0x0D, bytes[next + 1] == 0x0A {
                        headerEnd = index
                        contentStart = next + 2
                        break
                    }
                }
                index += 1
            }
        }
        var name: String?, filename: String?, contentType: String?
        let headerText = String(decoding: bytes[0..<min(headerEnd, bytes.count)], as: UTF8.self)
        for line in headerText.split(whereSeparator: \.isNewline) {
            let pair = line.split(separator: ":", maxSplits: 1)
            guard pair.count == 2 else { continue }
            switch pair[0].trimmingSpaces.lowercased() {
            case "content-disposition":
                name = parameter("name", in: String(pair[1]))
                filename = parameter("filename", in: String(pair[1]))
            case "content-type":
                contentType = pair[1].split(separator: ";").first.map { $0.trimmingSpaces.lowercased() }
            default:
                break
            }
        }
        return MultipartPart(name: name, filename: filename, contentType: contentType, body: Array(bytes[min(contentStart, bytes.count)...]))
    }

    private static func parameter(_ wanted: String, in header: String) -> String? {
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingSpaces.lowercased() == wanted else { continue }
            var value = pair[1].trimmingSpaces
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    private static func skipLineEnd(_ body: [UInt8], from index: Int) -> Int {
        var cursor = index
        while cursor < body.count, body[cursor] == 0x20 || body[cursor] == 0x09 { cursor += 1 }  // transport padding
        if cursor < body.count, body[cursor] == 0x0D { cursor += 1 }
        if cursor < body.count, body[cursor] == 0x0A { cursor += 1 }
        return cursor
    }

    /// Where `needle` starts in `haystack`, left to right, not overlapping.
    private static func positions(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return [] }
        var found: [Int] = []
        var index = 0
        let first = needle[0]
        while index <= haystack.count - needle.count {
            if haystack[index] == first, haystack[index..<index + needle.count].elementsEqual(needle) {
                found.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
