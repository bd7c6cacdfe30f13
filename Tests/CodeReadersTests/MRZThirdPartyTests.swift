import CodeReaders
import Foundation
import LaneModel
import Testing

/// Specimens and test vectors others published (ICAO 9303, mature MRZ libraries), kept verbatim in
/// `SerialMRZ/Fixtures/third-party/` with their sources in `Fixtures/SOURCES.md`. The expected
/// values are what the publisher states, check digits recomputed independently of our code.
@Suite("serial-mrz: third-party specimens")
struct MRZThirdPartyTests {
    struct Expected: Sendable, CustomTestStringConvertible {
        let file: String
        let number: String
        let birth: String
        let expiry: String
        let expired: Bool
        let failed: [String]
        var testDescription: String { file }
    }

    static let specimens: [Expected] = [
        // ICAO's 2006 specimen expired in 1994: read as 2094 it would still be valid.
        Expected(file: "icao-td3-2006-6th-ed", number: "L898902C", birth: "1969-08-06", expiry: "1994-06-23", expired: true, failed: []),
        Expected(file: "icao-td3-p4-7th-ed", number: "L898902C3", birth: "1974-08-12", expiry: "2012-04-15", expired: true, failed: []),
        Expected(file: "icao-td1-p5-7th-ed", number: "D23145890", birth: "1974-08-12", expiry: "2012-04-15", expired: true, failed: []),
        // Part 11's twelve-character number, the rest in the optional data; born 1934, expired 1995.
        Expected(file: "icao-td1-p11-stevenson-long-number", number: "D23145890734", birth: "1934-07-12", expiry: "1995-07-12",
                 expired: true, failed: []),
        Expected(file: "cheminfo-chn-pt-td3-ceshi", number: "G62292599", birth: "1983-10-29", expiry: "2019-04-22", expired: true, failed: []),
        Expected(file: "cheminfo-d-td3-mustermann", number: "C01X0006H", birth: "1964-08-12", expiry: "2017-10-31", expired: true, failed: []),
        Expected(file: "innovatrics-gbr-td3-bad-expiry-date", number: "925076473", birth: "1988-09-11", expiry: "", expired: false,
                 failed: ["expiryDate", "composite"]),
        Expected(file: "passporteye-aut-td1-bad-composite", number: "10000999", birth: "1971-09-09", expiry: "2011-12-31", expired: true,
                 failed: ["composite"]),
    ]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../drivers/CodeReaders/SerialMRZ/Fixtures/third-party").standardized.path

    @Test("each specimen reads as its publisher says", arguments: specimens)
    func specimen(_ expected: Expected) throws {
        let text = try String(contentsOfFile: "\(Self.folder)/\(expected.file).txt", encoding: .utf8)
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        let document = try MRZTests.decodeOne(lines)
        #expect(document.number == expected.number)
        #expect(document.birthDate == expected.birth)
        #expect(document.expiryDate == expected.expiry)
        #expect(document.expired == expected.expired)
        #expect(document.failedChecks == expected.failed)
    }

    @Test("every file in third-party/ is named in SOURCES.md")
    func provenance() throws {
        let sources = try String(contentsOfFile: "\(Self.folder)/../SOURCES.md", encoding: .utf8)
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.folder) where file.hasSuffix(".txt") {
            #expect(sources.contains(file), "\(file) has no source in SOURCES.md")
        }
    }
}
