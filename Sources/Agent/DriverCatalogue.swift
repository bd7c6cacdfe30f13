import Biometrics
import ChipReaders
import CodeReaders
import ContainerScanners
import DeviceKit
import LaneModel
import PlateReaders
import Scales

/// Every driver of every family, as `[[devices]]` names them and `diag drivers` lists them.
public enum DriverCatalogue {
    /// Scales first, then cameras, readers, scanners, terminals and chip readers.
    public static let all: [DriverDescription] = ScaleDrivers.all.map(\.description) + PlateReaderDrivers.all + CodeReaderDrivers.all
        + ContainerScannerDrivers.all + BiometricDrivers.all + ChipReaderDrivers.all

    /// The driver called `name`, or nil.
    public static func named(_ name: String) -> DriverDescription? { all.first { $0.name == name } }
}

extension DriverCatalogue {
    /// The HTTP push driver for a configured network device, or nil when it is not one.
    public static func eventDriver(for settings: DeviceSettings) -> (any EventDriver)? {
        eventDriver(named: settings.driver, utcOffsetMinutes: settings.utcOffsetMinutes, terminal: settings.terminal)
    }

    /// The HTTP push driver called `name`, for terminals whose clock runs `utcOffsetMinutes` ahead
    /// of UTC and that are set up as `terminal` says.
    public static func eventDriver(named name: String, utcOffsetMinutes: Int = 420,
                                   terminal: TerminalSettings = TerminalSettings()) -> (any EventDriver)? {
        named(name)?.eventDriver(EventDriverOptions(utcOffsetMinutes: utcOffsetMinutes, terminal: terminal))
    }
}
