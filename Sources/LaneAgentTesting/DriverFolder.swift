import Foundation

/// Where the driver folders are in the repository, so tests read each driver's fixtures, README
/// and sample configuration in place.
public enum DriverFolder {
    /// `drivers/`, from this file's place in the repository (`Sources/LaneAgentTesting/`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../drivers").standardized.path

    /// The absolute path of `drivers/<folder>`: a family (`"Biometrics"`) or one driver
    /// (`DriverDescription.folder`, `"Biometrics/ZKTecoPush"`).
    public static func path(_ folder: String) -> String { "\(root)/\(folder)" }
}
