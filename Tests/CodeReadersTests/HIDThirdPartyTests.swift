import CodeReaders
import DeviceKit
import Foundation
import Testing

/// Key events real keyboard-mode scanners produced, as their publishers pasted them (python-evdev
/// listings, a `libinput record`), kept verbatim in `HIDCode/Fixtures/third-party/` and named in
/// its `SOURCES.md`. Each is turned back into the kernel's 24-byte `input_event` records and read
/// by the production decoder. The publishers cut their listings short, so the tests end the code
/// with an Enter of ours where the listing stops.
@Suite("hid-code: third-party key event recordings")
struct HIDThirdPartyTests {
    static let folder = "\(FixtureFile.familyFolder)/HIDCode/Fixtures/third-party"

    /// One `input_event` as 64-bit Linux writes it.
    static func record(_ seconds: Int64, _ micros: Int64, _ type: UInt16, _ code: UInt16, _ value: Int32) -> [UInt8] {
        InputEvent(seconds: seconds, microseconds: micros, type: type, code: code, value: value).bytes(size: 24)
    }

    /// The events of a python-evdev listing (`key event at S.U, CODE (NAME), down|up|hold`), each
    /// key event followed by the SYN_REPORT the kernel sends with it; the first `limit` lines.
    static func evdevListing(_ file: String, limit: Int = .max) throws -> [UInt8] {
        let text = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
        var events: [UInt8] = []
        for line in text.split(whereSeparator: \.isNewline).prefix(limit) {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "," })
            guard words.count >= 7, words[0] == "key", let time = Double(words[3]), let code = UInt16(words[4]) else {
                Issue.record("\(file): not a python-evdev key line: \(line)")
                continue
            }
            let value: Int32 = words[6] == "down" ? 1 : words[6] == "hold" ? 2 : 0
            let seconds = Int64(time), micros = Int64(((time - Double(seconds)) * 1_000_000).rounded())
            events += record(seconds, micros, 1, code, value) + record(seconds, micros, 0, 0, 0)
        }
        return events
    }

    /// The events of a `libinput record` (`- [ sec, usec, type, code, value] # …`).
    static func libinputRecord(_ file: String) throws -> [UInt8] {
        let text = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
        var events: [UInt8] = []
        for line in text.split(whereSeparator: \.isNewline) {
            guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { continue }
            let fields = line[line.index(after: open)..<close].split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count == 5 else { continue }
            events += record(fields[0], fields[1], UInt16(fields[2]), UInt16(fields[3]), Int32(fields[4]))
        }
        return events
    }

    /// Our Enter where a listing was cut.
    static let enter = record(2, 0, 1, 28, 1) + record(2, 0, 0, 0, 0) + record(2, 0, 1, 28, 0) + record(2, 0, 0, 0, 0)

    static func codes(_ events: [UInt8]) -> (codes: [String], errors: Int) {
        var decoder = EvdevKeyDecoder(eventSize: 24)
        var codes: [String] = [], errors = 0
        for step in decoder.decode(events) {
            switch step {
            case .frame(let code, _): codes.append(code)
            case .error: errors += 1
            }
        }
        return (codes, errors)
    }

    @Test("a Datalogic GFS4400 types each character as Alt and three keypad digits, after a NumLock tap")
    func datalogicAltCodes() throws {
        let result = Self.codes(try Self.evdevListing("so-43558559-datalogic-gfs4400-altcodes-evdev.txt") + Self.enter)
        // The listing holds Alt+052 ('4') and Alt+056 ('8') whole, and the start of a third.
        #expect(result.codes == ["48"] && result.errors == 0)
    }

    @Test("a Honeywell 2D scanner types a line feed inside a QR code as Ctrl+Shift+J")
    func honeywellControlCharacter() throws {
        // The listing up to Ctrl's release; the asker cut the lines after it (Shift's release is missing).
        let result = Self.codes(try Self.evdevListing("so-19732978-2d-scanner-qr-evdev.txt", limit: 9) + Self.enter)
        #expect(result.codes == ["12\n"] && result.errors == 0)
    }

    @Test("a scanner's libinput record: MSC_SCAN, key and SYN_REPORT per key change, 8 ms apart")
    func libinputRecordOfAScanner() throws {
        let result = Self.codes(try Self.libinputRecord("ibus-2008-scanner-libinput-record.txt") + Self.enter)
        #expect(result.codes == ["84"] && result.errors == 0)
    }

    @Test("every file in third-party/ is named in SOURCES.md")
    func provenance() throws {
        let sources = try String(contentsOfFile: "\(Self.folder)/SOURCES.md", encoding: .utf8)
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.folder) where file != "SOURCES.md" {
            #expect(sources.contains(file), "\(file) has no source in SOURCES.md")
        }
    }
}
