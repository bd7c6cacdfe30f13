import EPassport
import Foundation
import LaneModel
import Testing

@Suite("The data group parsers: third-party files, and bytes that are not files")
struct DataGroupTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/gmrtd/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    @Test("DG2 in ISO/IEC 39794-5 layout (gmrtd's samples, all fields and mandatory fields): the JPEG 2000 face exactly",
          arguments: ["ICAO_39794_5_AP_DG2_AllFields.dat", "ICAO_39794_5_AP_DG2_MandFields.dat"])
    func dataGroup2ISO39794(name: String) throws {
        let face = try FaceImage(dataGroup2: Self.fixture(name))
        #expect(face.mediaType == "image/jp2")
        #expect(face.bytes == (try Self.fixture("ICAO_39794_5_AP_DG2_Face.jp2")))
    }

    @Test("DG2 with gmrtd's ISO/IEC 19794-5 facial record: the JPEG face exactly, though the record calls it JPEG 2000")
    func dataGroup2ISO19794() throws {
        let record = try Self.fixture("ISO19794_Test1_Data.bin")
        let fields = TLV.encode(tag: 0x80, value: [0x01, 0x01]) + TLV.encode(tag: 0x87, value: [0x01, 0x01]) + TLV.encode(tag: 0x88, value: [0x00, 0x08])
        let template = TLV.encode(tag: 0x7F60, value: TLV.encode(tag: 0xA1, value: fields) + TLV.encode(tag: 0x5F2E, value: record))
        let group = TLV.encode(tag: 0x75, value: TLV.encode(tag: 0x7F61, value: TLV.encode(tag: 0x02, value: [0x01]) + template))
        let face = try FaceImage(dataGroup2: group)
        #expect(face.mediaType == "image/jpeg")
        #expect(face.bytes == (try Self.fixture("ISO19794_Test1_Face.jpg")))
    }

    @Test("our own DG2 round-trips JPEG and JPEG 2000 through the 19794-5 header")
    func dataGroup2RoundTrip() throws {
        let jpeg = PassportFixtures.face(size: 100)
        #expect(try FaceImage(dataGroup2: jpeg.dataGroup2()) == jpeg)
        let jp2 = FaceImage(mediaType: "image/jp2", bytes: try Self.fixture("ICAO_39794_5_AP_DG2_Face.jp2"))
        #expect(try FaceImage(dataGroup2: jp2.dataGroup2()) == jp2)
    }

    @Test("EF.COM, DG1, DG14, DG15 and EF.CardAccess as built parse back")
    func roundTrips() throws {
        #expect(try CommonData(CommonData.encode(dataGroups: [15, 1, 2, 14])).dataGroups == [1, 2, 14, 15])
        let dg1 = try DataGroup1(DataGroup1.encode(lines: PassportFixtures.mrzLines))
        #expect(dg1.document(at: Timestamp(PassportFixtures.readAt))?.number == "L898902C")
        #expect(try DataGroup14(DataGroup14.encode(activeAuthenticationAlgorithm: "1.2.840.10045.4.3.2")).activeAuthenticationAlgorithm == "1.2.840.10045.4.3.2")
        let spki = TLV.encode(tag: 0x30, value: [0x05, 0x00])
        #expect(try DataGroup15(DataGroup15.encode(subjectPublicKeyInfo: spki)).subjectPublicKeyInfo == spki)
        let offers = [PACEInfo.ellipticGenericMapping(cipher: "AES-256", parameterId: 17)!, PACEInfo.ellipticGenericMapping(cipher: "3DES", parameterId: 12)!]
        #expect(try CardAccess(CardAccess.encode(offers: offers)).paceOffers == offers)
    }

    @Test("twenty thousand mutations of real files give a value or an error from every parser, never a trap")
    func mutations() throws {
        let seeds: [[UInt8]] = [
            try Self.fixture("ICAO_39794_5_AP_DG2_MandFields.dat"), PassportFixtures.face(size: 64).dataGroup2(),
            DataGroup1.encode(lines: PassportFixtures.mrzLines), CommonData.encode(dataGroups: [1, 2, 14, 15]),
            DataGroup14.encode(activeAuthenticationAlgorithm: "1.2.840.10045.4.3.2"), hex("31143012060A04007F0007020204020202010202010D"),
        ]
        var generator = SeededGenerator(seed: 9303)
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.removeSubrange(index...)
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
                if bytes.isEmpty { break }
            }
            _ = try? FaceImage(dataGroup2: bytes)
            _ = try? DataGroup1(bytes).document(at: Timestamp(PassportFixtures.readAt))
            _ = try? CommonData(bytes)
            _ = try? DataGroup14(bytes).activeAuthenticationAlgorithm
            _ = try? DataGroup15(bytes)
            _ = try? CardAccess(bytes).preferredOffer
        }
    }
}
