import ContainerScanners
import DeviceKit
import LaneAgentTesting
import LaneModel
import Testing

@Suite("generic-scan-json against its recorded-shape fixtures")
struct FixtureReplayTests {
    static let all = RequestFixture.load(ContainerScannerDrivers.named("generic-scan-json")!)

    @Test("every fixture gives its expected reading or a rejection naming the field", arguments: all)
    func fixture(_ fixture: RequestFixture) throws {
        let driver = try #require(ContainerScannerDrivers.eventDriver(named: fixture.driver))
        do {
            let outcome = try driver.decode(fixture.request, device: "xray-1")
            #expect(fixture.rejection == nil, "accepted, but expected the rejection \(fixture.rejection ?? "")")
            #expect(outcome.readings.map { RequestFixture.json($0) } == fixture.readings)
            #expect(outcome.reply.status == 200)
            #expect(outcome.readings.flatMap(\.evidence).allSatisfy { !$0.personal && $0.role == "scan" })
        } catch {
            let expected = try #require(fixture.rejection, "rejected: \(error.reason)")
            #expect(error.reason.contains(expected), "reason: \(error.reason)")
            if fixture.excerpt {
                #expect(error.excerpt == String(decoding: fixture.request.body.prefix(200), as: UTF8.self),
                        "scan results are not personal: the rejection quotes the body's start")
            }
        }
    }

    @Test("the fixtures cover every verdict, every sniffed media type and each required oddity")
    func coverage() {
        let readings = Self.all.flatMap(\.readings)
        #expect(Set(readings.compactMap { $0["verdict"]?.stringValue }) == Set(ScanResult.Verdict.allCases.map(\.rawValue)))
        let types = Set(readings.flatMap { reading -> [String] in
            guard case .array(let items)? = reading["evidence"] else { return [] }
            return items.compactMap { $0["mediaType"]?.stringValue }
        })
        #expect(types == ["image/jpeg", "image/png", "image/tiff", "application/octet-stream"])
        #expect(Self.all.filter { $0.rejection != nil }.count >= 10)
    }
}

extension RequestFixture {
    /// The fixtures of one scanner driver; inline requests go to the scanner `xray-1`.
    static func load(_ driver: DriverDescription) -> [RequestFixture] {
        load(driver: driver.name, folder: driver.folder, devicePath: "/devices/xray-1/events")
    }
}
