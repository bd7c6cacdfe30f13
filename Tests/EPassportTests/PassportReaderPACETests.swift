import EPassport
import Testing

@Suite("Reading a simulated passport that offers PACE")
struct PassportReaderPACETests {
    static let offers: [(String, Int)] = [("AES-128", 13), ("AES-128", 12), ("3DES", 12), ("AES-192", 16), ("AES-256", 17), ("AES-256", 18), ("AES-128", 9)]

    @Test("PACE generic mapping on the announced curve and cipher, then the whole read under its secure messaging", arguments: Self.offers.indices)
    func pace(index: Int) async throws {
        let (cipher, parameter) = Self.offers[index]
        let offer = try #require(PACEInfo.ellipticGenericMapping(cipher: cipher, parameterId: parameter))
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(pace: [offer]))
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.access == "PACE", "\(report.steps)")
        #expect(report.reading.read)
        #expect(report.reading.passiveAuthentication.outcome == .passed)
        #expect(report.steps.contains { $0.text.hasPrefix("PACE established (\(offer.summary))") })
        #expect(await chip.received.allSatisfy { $0.ins != 0x82 })
    }

    @Test("the card access number opens a PACE chip; BAC could not have")
    func cardAccessNumber() async throws {
        let offer = try #require(PACEInfo.ellipticGenericMapping(cipher: "AES-128", parameterId: 13))
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(pace: [offer], can: "123456"))
        let report = await PassportFixtures.reader.read(chip, key: try #require(AccessKey.can("123456")), at: PassportFixtures.readAt)
        #expect(report.reading.access == "PACE")
        #expect(report.reading.read)
    }

    @Test("the wrong MRZ key on a PACE chip: access denied after one token exchange, no BAC tried")
    func wrongKey() async throws {
        let offer = try #require(PACEInfo.ellipticGenericMapping(cipher: "AES-128", parameterId: 13))
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(pace: [offer]))
        let wrong = try #require(AccessKey.mrz(documentNumber: "L898902C", birthDate: "690806", expiryDate: "940624"))
        let report = await PassportFixtures.reader.read(chip, key: wrong, at: PassportFixtures.readAt)
        #expect(report.reading.access == "none")
        #expect(report.reading.failure?.hasPrefix("access denied") == true)
        #expect(await chip.authenticationAttempts == 1)
        #expect(await chip.received.allSatisfy { $0.ins != 0x82 && $0.ins != 0x84 })
    }

    @Test("an offer this reader does not run (DH on a proprietary domain, integrated mapping) leaves BAC",
          arguments: ["0.4.0.127.0.7.2.2.4.1.2", "0.4.0.127.0.7.2.2.4.4.2"])
    func unsupportedOffer(protocolIdentifier: String) async throws {
        let offer = try #require(PACEInfo(protocolIdentifier: protocolIdentifier, parameterId: protocolIdentifier.hasSuffix("1.2") ? 31 : 13))
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(pace: [offer]))
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.access == "BAC")
        #expect(report.reading.read)
        #expect(report.steps.contains { $0.outcome == .note && $0.text.contains("none of which this reader runs") })
    }

    @Test("a malformed EF.CardAccess is noted and BAC used")
    func malformedCardAccess() async throws {
        var image = try PassportFixtures.genuine()
        image.cardAccess = [0x31, 0x05, 0x30, 0x03, 0x06, 0x01]
        let report = await PassportFixtures.reader.read(SimulatedPassport(image: image), key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.access == "BAC")
        #expect(report.reading.read)
    }

    @Test("a BAC-only chip given a CAN says it needs the MRZ")
    func canOnBAC() async throws {
        let report = await PassportFixtures.reader.read(SimulatedPassport(image: try PassportFixtures.genuine()), key: try #require(AccessKey.can("123456")),
                                                        at: PassportFixtures.readAt)
        #expect(!report.reading.read)
        #expect(report.reading.failure?.contains("BAC needs the MRZ key") == true)
    }
}
