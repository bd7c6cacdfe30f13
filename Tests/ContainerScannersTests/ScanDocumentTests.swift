import ContainerScanners
import DeviceKit
import LaneModel
import Testing

@Suite("Scan result fields, times and media types")
struct ScanDocumentTests {
    @Test("ISO 8601 times with an offset convert to UTC", arguments: [
        ("2026-11-23T08:15:02+07:00", "2026-11-23T01:15:02.000Z"),
        ("2026-11-23T09:15:02+0800", "2026-11-23T01:15:02.000Z"),
        ("2026-11-23 01:15:02Z", "2026-11-23T01:15:02.000Z"),
        ("2026-11-23T01:15:02.123456Z", "2026-11-23T01:15:02.123Z"),
        ("2026-11-22T20:00:00-05:30", "2026-11-23T01:30:00.000Z"),
        ("2026-01-01T03:00:00+07:00", "2025-12-31T20:00:00.000Z"),
    ])
    func times(_ text: String, _ utc: String) {
        #expect(DeviceTime.parse(text)?.rfc3339 == utc)
    }

    @Test("times without an offset, or not times, are refused", arguments: [
        "2026-11-23T08:15:02", "2026-11-23 08:15:02", "2026-02-30T08:15:02Z", "2026-11-23T08:15:02+7", "23/11/2026 08:15", "",
        "2026-11-23T25:15:02Z", "2026-11-23T08:15:02.Z",
    ])
    func badTimes(_ text: String) { #expect(DeviceTime.parse(text) == nil) }

    @Test("media types are sniffed from magic numbers")
    func sniffing() {
        #expect(ScanMediaType.sniff([0xFF, 0xD8, 0xFF, 0xDB]) == "image/jpeg")
        #expect(ScanMediaType.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == "image/png")
        #expect(ScanMediaType.sniff([0x4D, 0x4D, 0x00, 0x2A]) == "image/tiff")
        #expect(ScanMediaType.sniff([0x49, 0x49, 0x2A, 0x00]) == "image/tiff")
        #expect(ScanMediaType.sniff([0xFF, 0xD8]) == "application/octet-stream")
        #expect(ScanMediaType.sniff([]) == "application/octet-stream")
    }

    @Test("both image and imageFile is refused")
    func bothImages() {
        let body = Array(#"{"scanId":"A","verdict":"clear","containers":[],"image":"/9j/","imageFile":"A.jpg"}"#.utf8)
        #expect(throws: EventRejection.self) { try ScanResultDocument.parse(body) }
    }

    @Test("an imageFile with a path is refused", arguments: ["../etc/passwd", "sub/A.jpg", ".hidden.jpg", ".."])
    func imagePaths(_ name: String) {
        let body = CanonicalJSON.encode(["scanId": "A", "verdict": "clear", "containers": [], "imageFile": .string(name)])
        do {
            _ = try ScanResultDocument.parse(body)
            Issue.record("accepted imageFile \(name)")
        } catch {
            #expect(error.reason.hasPrefix("imageFile:"))
        }
    }
}
