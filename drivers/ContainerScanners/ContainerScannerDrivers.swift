import DeviceKit

/// Every X-ray / NII scanner driver, by configuration name. Adding one is a folder with its
/// decoder and simulator, and a line here.
public enum ContainerScannerDrivers {
    public static let all: [DriverDescription] = [
        DriverDescription(
            name: "generic-scan-json", kinds: ["xray"], transport: .http,
            protocolName: "Generic JSON scan result push ({scanId, verdict, containers, operator, image})",
            folder: "ContainerScanners/GenericScanJSON",
            verification: DriverVerification(.ownFormat, unverified: "the JSON is LaneAgent's own contract; a scanner vendor's own export is not read"),
            eventDriver: { _ in GenericScanJSONDriver() },
            simulator: DriverSimulator(.http, command: DriverSimulator.Command("scan")) { ScanResultSimulator.self }),
        DriverDescription(
            name: "scan-folder", kinds: ["xray"], transport: .folder,
            protocolName: "Scan result files (JSON, image beside it) in a watched drop folder",
            options: [.pollMilliseconds], folder: "ContainerScanners/ScanFolder",
            verification: DriverVerification(.ownFormat, unverified: "the result file is LaneAgent's own contract; a scanner vendor's own export is not read"),
            // The same results as files: `ScanResultSimulator.body(…image: .file(…))` beside the image, written into the folder.
            simulator: DriverSimulator(.folder) { ScanResultSimulator.self }),
    ]

    /// The driver called `name`, or nil.
    public static func named(_ name: String) -> DriverDescription? { all.first { $0.name == name } }

    /// The names, for "expected one of" messages.
    public static var names: [String] { all.map(\.name) }

    /// The HTTP push decoder for the driver called `name`; nil for unknown names and for
    /// `scan-folder`, which is read by a `ScanFolderWatcher` instead.
    public static func eventDriver(named name: String) -> (any EventDriver)? { named(name)?.eventDriver() }
}
