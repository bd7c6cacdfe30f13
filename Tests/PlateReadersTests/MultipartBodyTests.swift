import DeviceKit
import PlateReaders
import Testing

@Suite("multipart/form-data bodies")
struct MultipartBodyTests {
    @Test("boundary parameters as devices write them", arguments: [
        ("multipart/form-data; boundary=MIME_boundary", "MIME_boundary"), ("multipart/form-data;boundary=abc", "abc"),
        ("Multipart/Form-Data; BOUNDARY=\"a b;c\"", "a b;c"), ("multipart/mixed; charset=utf-8; boundary = xyz ", "xyz"),
    ])
    func boundary(_ contentType: String, _ expected: String) {
        #expect(MultipartBody.boundary(in: contentType) == expected)
    }

    @Test("no boundary", arguments: ["multipart/form-data", "application/xml; boundary=x", "multipart/form-data; boundary=", ""])
    func noBoundary(_ contentType: String) {
        #expect(MultipartBody.boundary(in: contentType) == nil)
    }

    @Test("parts split the same with CRLF and bare LF")
    func lineEndings() throws {
        for newline in ["\r\n", "\n"] {
            let text = ["preamble", "--b", "Content-Disposition: form-data; name=\"one\"", "", "first", "line", "--b",
                        "Content-Disposition: form-data; name=\"two\"", "Content-Type: text/plain", "", "", "--b--", "epilogue"]
                .joined(separator: newline)
            let parts = try MultipartBody.parse(Array(text.utf8), contentType: "multipart/form-data; boundary=b")
            #expect(parts.map(\.name) == ["one", "two"])
            #expect(parts.first?.body == Array("first\(newline)line".utf8))
            #expect(parts.last?.body == [])
            #expect(parts.last?.mediaType == "text/plain")
        }
    }

    @Test("a boundary string inside content is not a delimiter unless it starts a line")
    func boundaryInsideContent() throws {
        let text = "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nsee --b and\r\n--bx too\r\n--b--\r\n"
        let parts = try MultipartBody.parse(Array(text.utf8), boundary: "b")
        #expect(parts.count == 1)
        #expect(parts.first?.body == Array("see --b and\r\n--bx too".utf8))
    }

    @Test("every truncation of a body is rejected or yields only whole parts, never a crash")
    func truncations() {
        let request = HikvisionANPRSimulator().request(plate: "桂A12345", confidence: 0.9, direction: "approach",
                                                         time: .now(), platePicture: SyntheticJPEG.make(size: 300),
                                                         scenePicture: SyntheticJPEG.make(size: 400, seed: 1))
        let whole = try! MultipartBody.parse(request.body, contentType: request.contentType)
        for length in 0..<request.body.count {
            do {
                let parts = try MultipartBody.parse(Array(request.body.prefix(length)), contentType: request.contentType)
                // Only a cut after the closing `--` leaves every part whole.
                let complete = parts == whole
                #expect(complete, "cut at \(length) of \(request.body.count) read as \(parts.count) parts")
            } catch {
                #expect(error.reason.hasPrefix("multipart: "), "cut at \(length): \(error.reason)")
            }
        }
    }

    @Test("folded header lines and header names in any case")
    func headers() throws {
        let text = "--b\nCONTENT-DISPOSITION: form-data;\n\tname=\"anpr.xml\"\ncontent-type:application/xml\n\n<a/>\n--b--"
        let part = try #require(try MultipartBody.parse(Array(text.utf8), boundary: "b").first)
        #expect(part.name == "anpr.xml")
        #expect(part.mediaType == "application/xml")
    }

    @Test("malformed bodies name what is wrong", arguments: [
        ("no delimiter at all", "multipart: no boundary line --b"),
        ("--b\r\nno colon here\r\n\r\nx\r\n--b--", "part 1 has a header line without ':'"),
        ("--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever closed", "multipart: a is cut off"),
        ("--b junk\r\n", "text after the boundary line"),
    ])
    func malformed(_ body: String, _ reason: String) {
        #expect(throws: EventRejection.self) { try MultipartBody.parse(Array(body.utf8), boundary: "b") }
        do { _ = try MultipartBody.parse(Array(body.utf8), boundary: "b") } catch { #expect(error.reason.contains(reason), "\(error.reason)") }
    }

    @Test("a body of more parts than the limit is refused, naming the limit; exactly the limit is read")
    func partLimit() throws {
        func body(_ count: Int) -> [UInt8] {
            Array(((0..<count).map { "--b\r\nContent-Disposition: form-data; name=\"p\($0)\"\r\n\r\nx\r\n" }.joined() + "--b--\r\n").utf8)
        }
        #expect(try MultipartBody.parse(body(MultipartBody.maximumParts), boundary: "b").count == MultipartBody.maximumParts)
        #expect(throws: EventRejection.self) { try MultipartBody.parse(body(10_000), boundary: "b") }
        do {
            _ = try MultipartBody.parse(body(MultipartBody.maximumParts + 1), boundary: "b")
            Issue.record("65 parts were read")
        } catch {
            #expect(error.reason.contains("more than 64 parts"))
        }
    }
}
