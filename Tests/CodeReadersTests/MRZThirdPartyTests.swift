import CodeReaders
import Foundation
import LaneModel
import Testing

/// Specimens and test vectors others published (ICAO 9303, mature MRZ libraries), kept verbatim in
/// `SerialMRZ/Fixtures/third-party/` with their sources in `third-party/SOURCES.md`. The expected
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

    /// The check digits LaneAgent reports as failing for every TD1 and TD3 specimen (none for
    /// those whose publisher says they verify), as `third-party/SOURCES.md` records them, check
    /// digits recomputed independently.
    static let failedChecks: [String: [String]] = [
        "passporteye-aut-td1-bad-composite": ["composite"],
        // Belgium's PRADO specimen checks the long number with the filler included; ICAO 9303
        // part 5 leaves it out, and so do we.
        "cheminfo-bel-td1-long-number": ["number"],
        "cheminfo-bel-td1-bad-number-check": ["number", "composite"],
        "cheminfo-bel-td1-bad-birth-check": ["number", "birthDate", "composite"],
        "cheminfo-uto-td3-bad-personal-check": ["optional", "composite"],
        // Published by the libraries, but their composites do not verify (they never check them).
        "jmrtd-d-td3-christian": ["composite"],
        "innovatrics-d-td3-erika-2020": ["composite"],
        // A non-empty personal number with `<` for its check digit: JMRTD writes it so for 0.
        "jmrtd-nld-td3-filler-personal-check": ["optional"],
        "arg0s-bad-td1": ["number", "birthDate", "expiryDate", "composite"],
        "innovatrics-gbr-td3-bad-birth-date": ["birthDate", "composite"],
        "innovatrics-gbr-td3-bad-expiry-date": ["expiryDate", "composite"],
    ]

    /// Visas and TD2 cards, which the reader driver does not take (lines of 36, or a `V` zone).
    static let otherFormats: Set<String> = ["icao-mrva-p7", "icao-mrvb-p7", "icao-td2-2008-stevenson", "icao-td2-p6-7th-ed", "arg0s-usa-mrva-traveler"]

    @Test("every TD1 and TD3 specimen decodes to one document with the checks its publisher reports")
    func everySpecimen() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".txt") }
        #expect(files.count >= 50)
        for file in files {
            let name = String(file.dropLast(4))
            let lines = try String(contentsOfFile: "\(Self.folder)/\(file)", encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
            if Self.otherFormats.contains(name) {
                #expect(throws: MRZTests.Failure.self, "\(name) is not a TD1 or TD3 zone") { try MRZTests.decodeOne(lines) }
                continue
            }
            let document = try MRZTests.decodeOne(lines)
            #expect(document.failedChecks == (Self.failedChecks[name] ?? []), "\(name)")
        }
    }

    @Test("every file in third-party/ is named in SOURCES.md")
    func provenance() throws {
        let sources = try String(contentsOfFile: "\(Self.folder)/SOURCES.md", encoding: .utf8)
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.folder) where file.hasSuffix(".txt") {
            #expect(sources.contains(file), "\(file) has no source in SOURCES.md")
        }
    }
}
