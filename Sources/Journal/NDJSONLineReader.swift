import Foundation

/// Reads a newline-delimited file line by line in fixed-size chunks, so verifying a
/// multi-gigabyte export runs in constant memory. With a maximum line length (`next(maximum:)`)
/// even a file of one endless line does: an over-long line is reported, never held whole.
public struct NDJSONLineReader: ~Copyable {
    /// One line from `next(maximum:)`.
    public enum Line {
        /// The line's bytes, without its newline.
        case line(ArraySlice<UInt8>)
        /// The line was longer than the maximum; its bytes were not kept.
        case tooLong
    }

    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    /// Where the search for a newline resumes: `start..<scanned` holds none, so a line that
    /// spans many chunks is scanned once, not once per chunk.
    private var scanned = 0
    /// The line at `start` was reported too long; its rest is dropped before the next line.
    private var skipping = false
    private var atEnd = false
    private let chunkSize = 1 << 20

    /// Opens `path` for reading.
    public init(path: String) throws(JournalError) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(path, "cannot open: \(String(cString: strerror(errno)))") }
    }

    deinit { close(descriptor) }

    /// The next line without its newline, or nil at the end of the file. Lines of any length.
    public mutating func next() -> ArraySlice<UInt8>? {
        guard case .line(let line)? = next(maximum: .max) else { return nil }
        return line
    }

    /// The next line, or `.tooLong` as soon as it exceeds `maximum` bytes (without reading the
    /// rest of it), or nil at the end of the file. Memory stays under `maximum` plus one chunk.
    public mutating func next(maximum: Int) -> Line? {
        if skipping { skipPastNewline() }
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                scanned = start
                return line.count > maximum ? .tooLong : .line(line)
            }
            scanned = buffer.count
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                scanned = start
                return line.count > maximum ? .tooLong : .line(line)
            }
            if buffer.count - start > maximum {
                skipping = true
                return .tooLong
            }
            fill()
        }
    }

    /// Drops the rest of an over-long line through its newline (or the end of the file), a
    /// chunk at a time.
    private mutating func skipPastNewline() {
        skipping = false
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                start = newline + 1
                scanned = start
                return
            }
            start = buffer.count
            scanned = start
            if atEnd { return }
            fill()
        }
    }

    /// Discards consumed bytes and appends up to one chunk from the file.
    private mutating func fill() {
        buffer.removeFirst(start)
        scanned -= start
        start = 0
        let oldCount = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunkSize))
        let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + oldCount, chunkSize) }
        buffer.removeLast(chunkSize - max(0, got))
        if got <= 0 { atEnd = true }
    }
}
