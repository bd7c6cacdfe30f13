/// The kinds of device a board can have, each served by the drivers that list it.
public enum DeviceKind: String, Sendable, Hashable, CaseIterable {
    case scale
    case plateReader = "plate-reader"
    case codeReader = "code-reader"
    case documentReader = "document-reader"
    case containerOCR = "container-ocr"
    case xray
    case faceTerminal = "face-terminal"
    case fingerprintTerminal = "fingerprint-terminal"
    /// A contactless reader of travel-document chips (PC/SC).
    case chipReader = "chip-reader"

    /// The names of the drivers of this kind.
    public var driverNames: [String] {
        DriverCatalogue.all.filter { $0.kinds.contains(rawValue) }.map(\.name)
    }
}
