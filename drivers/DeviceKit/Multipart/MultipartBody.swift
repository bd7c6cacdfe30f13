import DeviceKit

// Why ours and not vapor/multipart-kit (4.7.1, mirrored): Tests/LibraryFitTests runs both over
// the drivers' bodies. They agree on whole CRLF bodies, but the library reads no part of a
// bare-LF body (published Hikvision alertStream captures use LF), throws on the transport padding
// RFC 2046 allows after a boundary line, says nothing when a body is cut off inside a part, and
// hands over any number of parts (10,000 in the test). Each is a test, so a release that closes
// them shows up as a red test there.

/// Splits a `multipart/*` body (RFC 2046, as cameras write it) into its parts: the boundary
/// from `Content-Type`, quoted or not; CRLF or bare LF line ends; a preamble and an epilogue.
/// Truncated or malformed bodies are rejected, naming the part.
public enum MultipartBody {
    /// The most parts one event may have; cameras send an XML part and a few pictures.
    public static let maximumParts = 64

    /// The `boundary` parameter of a `multipart/*` Content-Type, or nil.
    public static func boundary(in contentType: String?) -> String? {
        guard let type = HeaderParameters.mediaType(contentType), type.hasPrefix("multipart/"),
              let boundary = HeaderParameters.value(of: "boundary", in: contentType), !boundary.isEmpty else { return nil }
        return boundary
    }

    /// The parts of `body`, in order, using the boundary in `contentType`.
    public static func parse(_ body: [UInt8], contentType: String?) throws(EventRejection) -> [MultipartPart] {
        guard let boundary = boundary(in: contentType) else {
            throw EventRejection("multipart: Content-Type '\(contentType ?? "")' has no boundary parameter", excerpt: InputExcerpt.of(body))
        }
        guard boundary.utf8.count <= 200 else { throw EventRejection("multipart: boundary is \(boundary.utf8.count) bytes long") }
        return try parse(body, boundary: boundary)
    }

    /// The parts of `body` delimited by `--boundary` lines.
    public static func parse(_ body: [UInt8], boundary: String) throws(EventRejection) -> [MultipartPart] {
        let delimiter = Array("--\(boundary)".utf8)
        guard var delimiterStart = findDelimiter(delimiter, in: body, from: 0, atStart: true) else {
            throw EventRejection("multipart: no boundary line --\(boundary) in the body", excerpt: InputExcerpt.of(body))
        }
        var parts: [MultipartPart] = []
        while true {
            var position = delimiterStart + delimiter.count
            if body[position...].starts(with: [0x2D, 0x2D]) { return parts }  // the closing delimiter
            while position < body.count, body[position] == 0x20 || body[position] == 0x09 { position += 1 }
            // A body that ends on a boundary line without `--` was cut between parts: the parts
            // after it are lost, so it is refused rather than read as complete.
            guard position < body.count else {
                throw EventRejection("multipart: the body ends after a boundary line without the closing --\(boundary)-- "
                                     + "(truncated upload?)", excerpt: InputExcerpt.of(body))
            }
            if body[position] == 0x0D, position + 1 < body.count { position += 1 }
            guard body[position] == 0x0A else {
                throw EventRejection("multipart: text after the boundary line --\(boundary)", excerpt: InputExcerpt.of(body[delimiterStart...]))
            }
            position += 1
            let index = parts.count
            guard index < maximumParts else { throw EventRejection("multipart: more than \(maximumParts) parts") }
            let (headers, contentStart) = try readHeaders(body, from: position, part: index)
            let provisional = MultipartPart(headers: headers, body: [])
            guard let next = findDelimiter(delimiter, in: body, from: contentStart - 1, atStart: false) else {
                throw EventRejection("multipart: \(provisional.label(index: index)) is cut off: the body ends before the next boundary "
                                     + "line --\(boundary) (truncated upload?)", excerpt: InputExcerpt.of(body))
            }
            // The line break before a delimiter belongs to the delimiter.
            var contentEnd = next - 1
            if contentEnd > contentStart, body[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            parts.append(MultipartPart(headers: headers, body: Array(body[contentStart..<max(contentStart, contentEnd)])))
            delimiterStart = next
        }
    }

    /// The header fields of part `part` starting at `start`, and where its content begins.
    private static func readHeaders(_ body: [UInt8], from start: Int, part: Int) throws(EventRejection)
        -> ([String: String], Int)
    {
        var headers: [String: String] = [:]
        var lastName: String?
        var lineStart = start
        while true {
            guard lineStart < body.count, let lineFeed = body[lineStart...].firstIndex(of: 0x0A) else {
                throw EventRejection("multipart: part \(part + 1) is cut off inside its headers (truncated upload?)",
                                     excerpt: InputExcerpt.of(body[min(start, body.count)...]))
            }
            var lineEnd = lineFeed
            if lineEnd > lineStart, body[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = String(decoding: body[lineStart..<lineEnd], as: UTF8.self)
            lineStart = lineFeed + 1
            if line.isEmpty { return (headers, lineStart) }
            if line.first == " " || line.first == "\t", let name = lastName {
                headers[name, default: ""] += " " + line.trimmingSpaces()  // a folded continuation line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else {
                throw EventRejection("multipart: part \(part + 1) has a header line without ':' (\"\(line.prefix(60))\")",
                                     excerpt: InputExcerpt.of(body[start...]))
            }
            let name = line[..<colon].trimmingSpaces().lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingSpaces()
            lastName = name
        }
    }

    /// The index of the next delimiter line at or after `from`: `--boundary` at the start of the
    /// body (when `atStart`) or after a line feed, followed by `--`, spaces, a line break or the
    /// end of the body. A boundary string inside a longer line is not a delimiter.
    private static func findDelimiter(_ delimiter: [UInt8], in body: [UInt8], from: Int, atStart: Bool) -> Int? {
        body.withUnsafeBufferPointer { bytes -> Int? in
            func isDelimiter(at start: Int) -> Bool {
                guard start + delimiter.count <= bytes.count else { return false }
                for offset in 0..<delimiter.count where bytes[start + offset] != delimiter[offset] { return false }
                let after = start + delimiter.count
                guard after < bytes.count else { return true }
                switch bytes[after] {
                case 0x20, 0x09, 0x0D, 0x0A: return true
                case 0x2D: return after + 1 < bytes.count && bytes[after + 1] == 0x2D
                default: return false
                }
            }
            if atStart, from == 0, isDelimiter(at: 0) { return 0 }
            var index = max(from, 0)
            while index < bytes.count {
                if bytes[index] == 0x0A, isDelimiter(at: index + 1) { return index + 1 }
                index += 1
            }
            return nil
        }
    }
}
