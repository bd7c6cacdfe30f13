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

extension DriverCatalogue {
    /// The simulator of the driver called `name` as the family's `type`; nil when the driver is
    /// unknown, has no simulator, or has one of another type (another family's).
    public static func simulator<Simulator>(named name: String, as type: Simulator.Type) -> Simulator? {
        named(name)?.simulator?.make(type)
    }

    /// The drivers `laneagent diag simulate <command>` plays, in the catalogue's order.
    public static func simulated(by command: String) -> [DriverDescription] {
        all.filter { $0.simulator?.command?.name == command }
    }

    /// The first driver `diag simulate <command>` plays whose simulator is a `type`, with that
    /// simulator: for commands that serve one driver and take no `--driver`.
    public static func simulator<Simulator>(command: String, as type: Simulator.Type) -> (driver: DriverDescription, simulator: Simulator)? {
        for driver in simulated(by: command) {
            if let simulator = driver.simulator?.make(type) { return (driver, simulator) }
        }
        return nil
    }
}
