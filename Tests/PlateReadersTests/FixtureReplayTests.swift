import DeviceKit
import LaneAgentTesting
import LaneModel
import PlateReaders
import Testing

@Suite("Plate drivers against their recorded-shape fixtures")
struct FixtureReplayTests {
    static let all = PlateReaderDrivers.all.flatMap(RequestFixture.load)

    @Test("every fixture gives its expected readings, note or rejection", arguments: all)
    func fixture(_ fixture: RequestFixture) throws {
        let driver = try #require(PlateReaderDrivers.eventDriver(named: fixture.driver))
        do {
            let outcome = try driver.decode(fixture.request, device: "plate-1")
            #expect(fixture.rejection == nil, "accepted, but expected the rejection \(fixture.rejection ?? "")")
            #expect(outcome.readings.map { RequestFixture.json($0, kindAndPersonal: false) } == fixture.readings)
            #expect(outcome.note == fixture.note)
            #expect(outcome.reply.status == 200)
            for item in outcome.readings.flatMap(\.evidence) {
                #expect(SyntheticJPEG.isFramed(item.bytes), "\(item.role) picture is not cut exactly at FF D8 … FF D9")
                #expect(!item.personal, "plate pictures are not personal data")
            }
        } catch {
            let expected = try #require(fixture.rejection, "rejected: \(error.reason)")
            #expect(error.reason.contains(expected), "reason: \(error.reason)")
            #expect(error.excerpt != nil, "plate inputs are not personal: the rejection quotes them")
        }
    }

    @Test("there are fixtures for both drivers, and for each required oddity")
    func coverage() {
        let names = Set(Self.all.map(\.driver))
        #expect(names == Set(PlateReaderDrivers.names))
        let plates = Set(Self.all.flatMap(\.readings).compactMap { $0["raw"]?.stringValue })
        for plate in ["桂A12345", "桂AD12345", "12C-123.45", "14C12345"] { #expect(plates.contains(plate), "no fixture reads \(plate)") }
    }
}

extension RequestFixture {
    /// The fixtures of one plate driver; inline requests go to the camera `plate-1`.
    static func load(_ driver: DriverDescription) -> [RequestFixture] {
        load(driver: driver.name, folder: driver.folder, devicePath: "/devices/plate-1/events")
    }
}
