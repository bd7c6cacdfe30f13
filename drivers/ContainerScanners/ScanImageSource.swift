/// Where a scan result's image is: sent inline, named as a file beside the result, or absent.
public enum ScanImageSource: Sendable, Hashable {
    case none
    /// Decoded from the result's base64 `image` field.
    case inline([UInt8])
    /// The `imageFile` field: a file name in the same drop folder.
    case file(String)
}
