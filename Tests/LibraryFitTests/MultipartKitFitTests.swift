import DeviceKit
import Foundation
import LaneAgentTesting
import MultipartKit
import Testing

/// Could vapor/multipart-kit (4.7.1, mirrored) replace our multipart splitter
/// (`drivers/DeviceKit/Multipart/MultipartBody.swift`)? Both are run over the drivers' multipart
/// fixtures and over bodies shaped as published captures show cameras send them. Where the
/// library is fed what it was made for they agree; what keeps ours is listed at the top of
/// MultipartBody.swift and each point is a test here, so a later multipart-kit that closes them
/// turns these tests red and the question is asked again.
@Suite("multipart-kit against the cameras' bodies")
struct MultipartKitFitTests {
    static let drivers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../drivers").standardized.path

    /// What multipart-kit makes of `body`: its parts, and whether it saw the closing delimiter
    /// (it has no way to say a body was cut short but stops reporting parts).
    static func library(_ body: [UInt8], boundary: String) -> (parts: [DeviceKit.MultipartPart], threw: Bool) {
        final class Collector {
            var parts: [DeviceKit.MultipartPart] = []
            var headers: [String: String] = [:]
            var body: [UInt8] = []
        }
        let collected = Collector()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in collected.headers[name.lowercased()] = value }
        parser.onBody = { buffer in collected.body += buffer.readBytes(length: buffer.readableBytes) ?? [] }
        parser.onPartComplete = {
            collected.parts.append(DeviceKit.MultipartPart(headers: collected.headers, body: collected.body))
            collected.headers = [:]
            collected.body = []
        }
        do { try parser.execute(body) } catch { return (collected.parts, true) }
        return (collected.parts, false)
    }

    /// Every multipart request among the two Hikvision drivers' fixtures, by name.
    static func fixtures() -> [(name: String, body: [UInt8], boundary: String)] {
        ["PlateReaders/HikvisionANPR", "Biometrics/HikvisionAccess"].flatMap { folder in
            RecordedRequest.load(fixtures: "\(drivers)/\(folder)/Fixtures", devicePath: "/devices/d/events").compactMap { recorded in
                MultipartBody.boundary(in: recorded.request.headers["content-type"]).map { (recorded.name, recorded.request.body, $0) }
            }
        }
    }

    @Test("on whole CRLF bodies the library and ours find the same parts, byte for byte")
    func agreeOnCRLF() throws {
        let whole = Self.fixtures().filter { fixture in
            !fixture.name.contains("cut off") && !fixture.name.contains("bare LF") && !fixture.name.contains("multipart LF")
                && !fixture.name.contains("padding after the boundary")
                && (try? MultipartBody.parse(fixture.body, boundary: fixture.boundary)) != nil
        }
        #expect(whole.count >= 8, "\(whole.map(\.name))")
        for fixture in whole {
            let ours = try MultipartBody.parse(fixture.body, boundary: fixture.boundary)
            let theirs = Self.library(fixture.body, boundary: fixture.boundary)
            #expect(!theirs.threw, "\(fixture.name)")
            #expect(theirs.parts.map(\.body) == ours.map(\.body), "\(fixture.name)")
            #expect(theirs.parts.map { $0.headers["content-type"] } == ours.map { $0.headers["content-type"] }, "\(fixture.name)")
        }
    }

    /// Published alertStream captures show Hikvision firmware writing multipart with bare LF line
    /// ends (github.com/mezz64/pyHik issue 62; openHAB's IpCamera log in
    /// Supergiovane/node-red-contrib-hikvision-ultimate issue 105): RFC 2046 asks for CRLF.
    @Test("bare LF line ends, as published captures show Hikvision firmware writing them: ours reads every part, the library none")
    func bareLineFeeds() throws {
        let alert = "<EventNotificationAlert version=\"1.0\" xmlns=\"http://www.hikvision.com/ver10/XMLSchema\">\n<eventType>ANPR</eventType>\n</EventNotificationAlert>\n"
        let body = Array(("--boundary\nContent-Type: application/xml; charset=\"UTF-8\"\nContent-Length: \(alert.utf8.count)\n\n" + alert
            + "--boundary\nContent-Type: image/jpeg\nContent-Length: 4\n\n").utf8) + [0xFF, 0xD8, 0xFF, 0xD9] + Array("\n--boundary--\n".utf8)
        let ours = try MultipartBody.parse(body, boundary: "boundary")
        #expect(ours.map(\.mediaType) == ["application/xml", "image/jpeg"])
        #expect(ours.last?.body == [0xFF, 0xD8, 0xFF, 0xD9])
        let theirs = Self.library(body, boundary: "boundary")
        #expect(theirs.parts.isEmpty || theirs.threw, "multipart-kit now reads bare LF: \(theirs.parts.count) parts; consider moving to it")

        let lineFeedFixtures = Self.fixtures().filter { $0.name.contains("bare LF") }
        #expect(!lineFeedFixtures.isEmpty)
        for fixture in lineFeedFixtures {
            #expect(try !MultipartBody.parse(fixture.body, boundary: fixture.boundary).isEmpty, "\(fixture.name)")
            let theirs = Self.library(fixture.body, boundary: fixture.boundary)
            #expect(theirs.parts.isEmpty || theirs.threw, "\(fixture.name): multipart-kit read \(theirs.parts.count) parts")
        }
    }

    /// RFC 2046 §5.1.1 lets a boundary line end in "transport padding" (spaces or tabs) before its
    /// CRLF; ours skips it, the library's boundary match fails on it.
    @Test("transport padding after a boundary line, which RFC 2046 allows: ours reads the parts, the library throws")
    func transportPadding() throws {
        let padded = try #require(Self.fixtures().first { $0.name.contains("padding after the boundary") })
        #expect(try MultipartBody.parse(padded.body, boundary: padded.boundary).count == 2)
        let theirs = Self.library(padded.body, boundary: padded.boundary)
        #expect(theirs.threw && theirs.parts.isEmpty, "multipart-kit now takes transport padding: \(theirs.parts.count) parts")
    }

    @Test("a body cut off inside a picture: ours refuses it, the library reports no error (only fewer parts)")
    func truncation() throws {
        let cut = try #require(Self.fixtures().first { $0.name.contains("cut off inside the last picture") })
        #expect(throws: EventRejection.self) { try MultipartBody.parse(cut.body, boundary: cut.boundary) }
        let theirs = Self.library(cut.body, boundary: cut.boundary)
        #expect(!theirs.threw, "multipart-kit now throws on a cut body")
    }

    @Test("a body of 10,000 empty parts: ours stops at its limit of 64, the library hands over every one")
    func partLimit() throws {
        var text = ""
        for _ in 0..<10_000 { text += "--b\r\nContent-Type: text/plain\r\n\r\n\r\n" }
        let body = Array((text + "--b--\r\n").utf8)
        #expect(throws: EventRejection.self) { try MultipartBody.parse(body, boundary: "b") }
        #expect(Self.library(body, boundary: "b").parts.count == 10_000)
    }
}
