import CZlib

/// gzip (RFC 1952) compression for upload bodies, through the system's zlib.
public enum Gzip {
    /// Compresses `bytes` into one gzip member.
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        guard laneagent_deflate_init_gzip(&stream, level) == Z_OK else {
            // Only a bad level or no memory fail here; both are programming or fatal errors.
            fatalError("zlib deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
        let produced: Int = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
                stream.avail_in = UInt32(input.count)
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let status = deflate(&stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflateBound was too small")
                return out.count - Int(stream.avail_out)
            }
        }
        output.removeLast(output.count - produced)
        return output
    }

    /// Decompresses one gzip member, refusing output over `limit` bytes (a gzip bomb), a
    /// truncated or corrupt stream, and bytes after the member.
    public static func decompress(_ bytes: [UInt8], limit: Int) throws(GzipError) -> [UInt8] {
        var stream = z_stream()
        guard laneagent_inflate_init_gzip(&stream) == Z_OK else { throw .corrupt("zlib could not start inflating") }
        defer { inflateEnd(&stream) }
        guard !bytes.isEmpty else { throw .corrupt("the body is empty") }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, bytes.count * 4))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var finished = false
        var failure: GzipError?
        bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while failure == nil && !finished {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    return (status, out.count - Int(stream.avail_out))
                }
                if output.count + produced > limit {
                    failure = .tooLarge(limit: limit)
                    break
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    finished = true
                    if stream.avail_in != 0 { failure = .corrupt("\(stream.avail_in) bytes follow the end of the gzip stream") }
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 { failure = .corrupt("the gzip stream is truncated") }
                case Z_BUF_ERROR:
                    failure = .corrupt("the gzip stream is truncated")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    failure = .corrupt(message)
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}

/// Why a gzip body could not be decompressed.
public enum GzipError: Error, Sendable, Equatable, CustomStringConvertible {
    case corrupt(String)
    case tooLarge(limit: Int)

    public var description: String {
        switch self {
        case .corrupt(let detail): "not a valid gzip stream: \(detail)"
        case .tooLarge(let limit): "decompresses to more than \(limit) bytes"
        }
    }
}
