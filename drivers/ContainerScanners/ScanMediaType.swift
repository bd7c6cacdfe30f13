/// The media type of a scan image, from its first bytes: scanners send whatever their export
/// produces, and a declared type is rarer than a reliable magic number.
public enum ScanMediaType {
    /// `image/jpeg`, `image/png` or `image/tiff` by magic number, else `application/octet-stream`
    /// (UFF packages and vendor formats are kept as opaque files).
    public static func sniff(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: [0x49, 0x49, 0x2A, 0x00]) || bytes.starts(with: [0x4D, 0x4D, 0x00, 0x2A]) { return "image/tiff" }
        return "application/octet-stream"
    }
}
