/// Stand-in pictures for simulators and tests: never a real face.
public enum SyntheticFaceImage {
    /// `size` bytes (at least 4) shaped like a JPEG: start-of-image, filler, end-of-image.
    public static func jpeg(size: Int) -> [UInt8] {
        let size = max(size, 4)
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        bytes.reserveCapacity(size)
        var state: UInt32 = 0xFACE_0001
        while bytes.count < size - 2 {
            state = state &* 1_664_525 &+ 1_013_904_223
            // Filler stays below 0x80 so it never forms a JPEG marker or a multipart delimiter.
            bytes.append(UInt8(truncatingIfNeeded: state >> 24) & 0x7F)
        }
        bytes.append(contentsOf: [0xFF, 0xD9])
        return Array(bytes.prefix(size))
    }
}
