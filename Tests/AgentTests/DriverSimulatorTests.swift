import Agent
import DeviceKit
import PlateReaders
import Scales
import Testing

/// Every driver says through its description how its device is simulated, so `diag simulate`,
/// the demo and tests find simulators in the catalogue instead of in family tables.
@Suite("Driver simulators in the catalogue")
struct DriverSimulatorTests {
    @Test("every driver of a family that has simulators has one")
    func everyDriverOfASimulatedFamily() {
        let families = Dictionary(grouping: DriverCatalogue.all) { String($0.folder.split(separator: "/").first ?? "") }
        #expect(families.count >= 6, "\(families.keys.sorted())")
        for (family, drivers) in families where drivers.contains(where: { $0.simulator != nil }) {
            let missing = drivers.filter { $0.simulator == nil }.map(\.name)
            #expect(missing.isEmpty, "drivers/\(family): \(missing) have no simulator, though other drivers of the family do")
        }
    }

    @Test("a driver's simulator acts on what its transport reads", arguments: DriverCatalogue.all.map(\.name))
    func mediumFollowsTransport(_ name: String) throws {
        let driver = try #require(DriverCatalogue.named(name))
        let expected: [DriverDescription.Transport: SimulatorMedium] = [
            .serial: .pseudoTerminal, .http: .http, .evdev: .inputEvents, .folder: .folder, .pcsc: .simulatedCards,
        ]
        #expect(driver.simulator?.medium == expected[driver.transport], "\(name) (\(driver.transport)) is simulated on \(String(describing: driver.simulator?.medium))")
    }

    @Test("a diag simulate command without --driver plays one driver; one with --driver lists every driver it plays")
    func commands() {
        let declared = DriverCatalogue.all.compactMap { driver in driver.simulator?.command.map { (command: $0, driver: driver.name) } }
        let byName = Dictionary(grouping: declared, by: \.command.name)
        #expect(Set(byName.keys) == ["scale", "code", "anpr", "face", "zkteco", "container", "scan"])
        for (command, entries) in byName {
            #expect(Set(entries.map(\.command.takesDriver)).count == 1, "drivers disagree whether diag simulate \(command) takes --driver")
            if entries.contains(where: { !$0.command.takesDriver }) {
                #expect(entries.count == 1, "diag simulate \(command) takes no --driver, yet \(entries.map(\.driver)) declare it")
            }
            #expect(DriverCatalogue.simulated(by: command).map(\.name) == entries.map(\.driver))
        }
    }

    @Test("a simulator is made as its family's type and refused as another family's")
    func madeAsTheFamilysType() throws {
        let scale = try #require(DriverCatalogue.simulator(named: "mt-sics", as: ScaleDriver.self))
        #expect(scale.name == "mt-sics" && scale.isPolled)
        #expect(DriverCatalogue.simulator(named: "hikvision-anpr", as: ScaleDriver.self) == nil)
        #expect(DriverCatalogue.simulator(named: "generic-plate-json", as: (any PlateEventSimulator).self) is GenericPlateJSONSimulator)
        #expect(DriverCatalogue.simulator(named: "no-such-driver", as: ScaleDriver.self) == nil)
        let anpr = try #require(DriverCatalogue.simulator(command: "anpr", as: (any PlateEventSimulator).self))
        #expect(anpr.driver.name == "hikvision-anpr")
        #expect(DriverCatalogue.simulator(command: "face", as: ScaleDriver.self) == nil)
    }
}
