/// Stand-in JPEG files for tests, benchmarks and simulators: a start-of-image marker, a JFIF
/// header, comment segments of seeded filler up to the size asked for, and an end-of-image
/// marker. Structurally a JPEG file, though it holds no picture.
public enum SyntheticJPEG {
    /// The smallest file `make` builds: SOI, the JFIF APP0 segment, EOI.
    public static let minimumSize = 2 + 18 + 2

    /// A file of exactly `size` bytes (at least `minimumSize`); a different `seed` gives different
    /// bytes, so evidence files do not collapse into one content address.
    public static func make(size: Int, seed: UInt64 = 0) -> [UInt8] {
        let size = max(size, minimumSize)
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(size)
        // APP0 "JFIF\0", version 1.1, no density units, 1×1, no thumbnail.
        out += [0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        while true {
            let remaining = size - out.count - 2
            // A comment segment needs 4 bytes; fewer left are padded with 0xFF fill bytes, which
            // the JPEG standard allows before any marker.
            if remaining < 4 { out += Array(repeating: 0xFF, count: remaining); break }
            let data = min(remaining - 4, 65_533)
            out += [0xFF, 0xFE, UInt8((data + 2) >> 8), UInt8((data + 2) & 0xFF)]
            for _ in 0..<data {
                // xorshift64: cheap, deterministic; the printable range keeps boundaries out.
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                out.append(UInt8(0x30 + state % 64))
            }
        }
        out += [0xFF, 0xD9]
        return out
    }

    /// True when `bytes` begin with the JPEG start-of-image marker `FF D8`.
    public static func hasStartOfImage(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8 }

    /// True when `bytes` begin with `FF D8` and end with the end-of-image marker `FF D9`.
    public static func isFramed(_ bytes: [UInt8]) -> Bool { hasStartOfImage(bytes) && bytes.suffix(2) == [0xFF, 0xD9] }
}
