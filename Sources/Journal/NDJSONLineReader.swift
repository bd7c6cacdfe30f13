import Foundation

/// Reads a newline-delimited file line by line in fixed-size chunks, so verifying a
/// multi-gigabyte export runs in constant memory.
public struct NDJSONLineReader: ~Copyable {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    private let chunkSize = 1 << 20

    /// Opens `path` for reading.
    public init(path: String) throws(JournalError) {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(path, "cannot open: \(String(cString: strerror(errno)))") }
    }

    deinit { close(descriptor) }

    /// The next line without its newline, or nil at the end of the file.
    public mutating func next() -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<newline]
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            buffer.removeFirst(start)
            start = 0
            let oldCount = buffer.count
            buffer.reserveCapacity(oldCount + chunkSize)
            buffer.append(contentsOf: repeatElement(0, count: chunkSize))
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + oldCount, chunkSize) }
            buffer.removeLast(chunkSize - max(0, got))
            if got <= 0 { atEnd = true }
        }
    }
}
