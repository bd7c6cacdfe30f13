import ContainerScanners
import DeviceKit
import LaneModel
import Testing

@Suite("Scan simulator → generic-scan-json")
struct SimulatorRoundTripTests {
    @Test("a simulated result decodes to the same scan, time and image", arguments: ScanResult.Verdict.allCases, [nil, 1, 200_000])
    func roundTrip(_ verdict: ScanResult.Verdict, _ imageSize: Int?) throws {
        let time = Timestamp(rfc3339: "2026-11-23T01:15:02.000Z")!
        let request = ScanResultSimulator.request(device: "xray-1", scanId: "SIM-1", verdict: verdict,
                                                  containers: ["CSQU3054383", "MSKU9070323"], operatorName: "Lê Văn C",
                                                  imageSize: imageSize, time: time)
        #expect(request.path == "/devices/xray-1/events")
        let outcome = try GenericScanJSONDriver().decode(request, device: "xray-1")
        let reading = try #require(outcome.readings.first)
        #expect(reading.detail == .scan(ScanResult(scanId: "SIM-1", verdict: verdict, containers: ["CSQU3054383", "MSKU9070323"],
                                                   operatorName: "Lê Văn C")))
        #expect(reading.time == time)
        if let imageSize {
            let expectedSize = max(imageSize, SyntheticJPEG.minimumSize)
            #expect(reading.evidence.map(\.bytes) == [ScanResultSimulator.syntheticImage(size: imageSize)])
            #expect(reading.evidence.first?.bytes.count == expectedSize)
            #expect(reading.evidence.first?.mediaType == "image/jpeg")
        } else {
            #expect(reading.evidence.isEmpty)
        }
    }

    @Test("local times are written with the offset and read back to the same instant", arguments: [420, 480, 0, -330])
    func localTime(_ offset: Int) {
        let time = Timestamp(rfc3339: "2026-11-23T01:15:02.000Z")!
        #expect(DeviceTime.parse(ScanResultSimulator.localTime(time, utcOffsetMinutes: offset)) == time)
    }
}
