import DeviceKit
import LaneModel
import PlateReaders
import Testing

@Suite("Simulators, decoded by their drivers")
struct SimulatorRoundTripTests {
    static let time = Timestamp(rfc3339: "2024-05-14T01:31:05.000Z")!

    @Test("each driver reads back what its simulator sends", arguments: PlateReaderDrivers.names)
    func roundTrip(_ name: String) throws {
        let simulator = try #require(PlateReaderDrivers.simulator(named: name))
        let driver = try #require(PlateReaderDrivers.eventDriver(named: name))
        let plate = SyntheticJPEG.make(size: 20_000, seed: 7), scene = SyntheticJPEG.make(size: 200_000, seed: 8)
        for (raw, normalized, country) in [("桂A12345", "桂A12345", "CN"), ("桂AD12345", "桂AD12345", "CN"), ("12C-123.45", "12C12345", "VN"),
                                           ("14C12345", "14C12345", "VN"), ("A&B<C>", "ABC", nil)] as [(String, String, String?)] {
            for direction in ["approach", "leave", nil] as [String?] {
                var request = simulator.request(plate: raw, confidence: 0.87, direction: direction, time: Self.time,
                                                platePicture: plate, scenePicture: scene)
                #expect(request.method == "POST")
                request.path = "/devices/plate-1/events"
                request.time = Timestamp(millisecondsSinceEpoch: Self.time.millisecondsSinceEpoch + 1500)
                let outcome = try driver.decode(request, device: "plate-1")
                let reading = try #require(outcome.readings.first)
                #expect(outcome.readings.count == 1)
                #expect(reading.time == Self.time, "the event's own time, not the arrival time")
                // The Hikvision simulator names the colour in <plateColor>, as ISAPI cameras do.
                let colour = name == "hikvision-anpr" ? "blue" : nil
                #expect(reading.detail == .plate(PlateRead(raw: raw, normalized: normalized, country: country, confidence: 0.87,
                                                           direction: direction, colour: colour)))
                #expect(reading.evidence.first == EvidenceItem(role: "plate", mediaType: "image/jpeg", bytes: plate, personal: false))
            }
        }
    }

    @Test("Hikvision framing variants: LF, quoted boundary, other time zones, no pictures, no confidence", arguments: [
        HikvisionANPRSimulator(lineEnding: .lf), HikvisionANPRSimulator(boundary: "----x y", quotesBoundary: true),
        HikvisionANPRSimulator(utcOffsetMinutes: 480), HikvisionANPRSimulator(utcOffsetMinutes: -330),
    ])
    func hikvisionVariants(_ simulator: HikvisionANPRSimulator) throws {
        let scene = SyntheticJPEG.make(size: 5000)
        let request = simulator.request(plate: "桂A12345", confidence: nil, direction: nil, time: Self.time, platePicture: nil,
                                        scenePicture: scene)
        let reading = try #require(try HikvisionANPRDriver().decode(request, device: "plate-1").readings.first)
        #expect(reading.time == Self.time)
        #expect(reading.evidence == [EvidenceItem(role: "scene", mediaType: "image/jpeg", bytes: scene, personal: false)])
        guard case .plate(let read) = reading.detail else { Issue.record("not a plate"); return }
        #expect(read.confidence == nil && read.direction == nil)
    }

    @Test("generic JSON in percent reads back as 0…1")
    func percent() throws {
        let request = GenericPlateJSONSimulator(confidenceAsPercent: true).request(
            plate: "12C12345", confidence: 0.93, direction: nil, time: Self.time, platePicture: nil, scenePicture: nil)
        let reading = try #require(try GenericPlateJSONDriver().decode(request, device: "plate-1").readings.first)
        guard case .plate(let read) = reading.detail else { Issue.record("not a plate"); return }
        #expect(read.confidence == 0.93)
    }

    @Test("synthetic JPEGs have the size asked for, SOI and EOI, and differ by seed", arguments: [0, 1, 4, 22, 23, 25, 26, 600, 65_559, 65_560, 200_000])
    func syntheticJPEG(_ size: Int) {
        let image = SyntheticJPEG.make(size: size, seed: 3)
        #expect(image.count == max(size, SyntheticJPEG.minimumSize))
        #expect(SyntheticJPEG.isFramed(image))
        if size > 100 { #expect(image != SyntheticJPEG.make(size: size, seed: 4)) }
        // The segments chain from APP0 to EOI, as a JPEG reader walks them.
        var index = 2
        while index < image.count - 2, image[index] == 0xFF, image[index + 1] != 0xFF {
            index += 2 + Int(image[index + 2]) << 8 + Int(image[index + 3])
        }
        while index < image.count - 2, image[index] == 0xFF, image[index + 1] == 0xFF { index += 1 }
        #expect(index == image.count - 2)
    }
}
