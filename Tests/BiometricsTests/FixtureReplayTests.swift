import Biometrics
import DeviceKit
import LaneAgentTesting
import LaneModel
import Testing

@Suite("Biometric drivers against their recorded-shape fixtures")
struct FixtureReplayTests {
    static let all = BiometricDrivers.all.flatMap(RequestFixture.load)

    @Test("every fixture gives its expected readings, note, reply or rejection", arguments: all)
    func fixture(_ fixture: RequestFixture) throws {
        let driver = try #require(BiometricDrivers.eventDriver(named: fixture.driver, options: fixture.options))
        let device = fixture.driver == "zkteco-push" ? "fp-1" : "face-1"
        do {
            let outcome = try driver.decode(fixture.request, device: device)
            #expect(fixture.rejection == nil, "accepted, but expected the rejection \(fixture.rejection ?? "")")
            #expect(outcome.readings.map { RequestFixture.json($0) } == fixture.readings)
            if let note = fixture.note { #expect(outcome.note?.contains(note) == true, "note: \(outcome.note ?? "nil")") }
            if let reply = fixture.reply {
                #expect(outcome.reply.body == reply, "reply: \(String(decoding: outcome.reply.body, as: UTF8.self).debugDescription)")
            }
            #expect(outcome.reply.status == 200)
            for item in outcome.readings.flatMap(\.evidence) {
                #expect(item.personal && item.role == "face", "a terminal's picture of a person is personal data")
            }
            Self.expectNoLeak(fixture.personal, in: outcome.readings.map { String(decoding: CanonicalJSON.encode($0.jsonValue), as: UTF8.self) }
                + [outcome.note ?? ""])
        } catch {
            let expected = try #require(fixture.rejection, "rejected: \(error.reason)")
            #expect(error.reason.contains(expected), "reason: \(error.reason)")
            #expect(error.excerpt == nil, "terminal events identify people: rejections never quote them")
            Self.expectNoLeak(fixture.personal, in: [error.reason, error.description])
        }
    }

    static func expectNoLeak(_ personal: [String], in texts: [String]) {
        for secret in personal {
            for text in texts { #expect(!text.contains(secret), "\(secret) leaked into: \(text)") }
        }
    }

    @Test("the fixtures cover both drivers, every Hikvision verification and Chinese names")
    func coverage() {
        #expect(Set(Self.all.map(\.driver)) == Set(BiometricDrivers.names))
        let events = Set(Self.all.flatMap(\.readings).compactMap { $0["vendorEvent"]?.stringValue })
        for verification in HikvisionVerification.allCases { #expect(events.contains(verification.vendorEvent)) }
        #expect(events.isSuperset(of: ["verify 1", "verify 15"]))
        #expect(Self.all.flatMap(\.personal).contains { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } })
    }

    @Test("the fixture bodies really carry the names that must not leak")
    func namesArePresentInInputs() {
        for fixture in Self.all {
            let body = String(decoding: fixture.request.body, as: UTF8.self)
            for secret in fixture.personal { #expect(body.contains(secret), "\(fixture.name): \(secret) is not in the input") }
        }
    }
}

extension RequestFixture {
    /// The fixtures of one terminal driver; inline requests go to the terminal `face-1`.
    static func load(_ driver: DriverDescription) -> [RequestFixture] {
        load(driver: driver.name, folder: driver.folder, devicePath: "/devices/face-1/events")
    }
}
