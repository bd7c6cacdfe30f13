import EPassport
import Testing

@Suite("Reading a simulated passport that offers PACE on a DH group")
struct PassportReaderPACEDHTests {
    static let offers: [(String, Int)] = [("AES-128", 0), ("3DES", 0), ("AES-192", 1), ("AES-256", 2)]

    @Test("PACE DH generic mapping on the announced group and cipher, then the files and passive authentication", arguments: Self.offers.indices)
    func pace(index: Int) async throws {
        let (cipher, parameter) = Self.offers[index]
        let offer = try #require(PACEInfo.modularGenericMapping(cipher: cipher, parameterId: parameter))
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(pace: [offer]))
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.access == "PACE", "\(report.steps)")
        #expect(report.reading.read)
        #expect(report.reading.passiveAuthentication.outcome == .passed)
        #expect(report.steps.contains { $0.text.hasPrefix("PACE established (\(offer.summary))") })
        #expect(await chip.received.allSatisfy { $0.ins != 0x82 })
    }

    @Test("the wrong MRZ key on a DH PACE chip: access denied after one token exchange, no BAC tried")
    func wrongKey() async throws {
        let offer = try #require(PACEInfo.modularGenericMapping(cipher: "AES-128", parameterId: 0))
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(pace: [offer]))
        let wrong = try #require(AccessKey.mrz(documentNumber: "L898902C", birthDate: "690806", expiryDate: "940624"))
        let report = await PassportFixtures.reader.read(chip, key: wrong, at: PassportFixtures.readAt)
        #expect(report.reading.access == "none")
        #expect(report.reading.failure?.hasPrefix("access denied") == true)
        #expect(await chip.authenticationAttempts == 1)
    }

    @Test("a chip offering DH and ECDH is read with ECDH; one offering DH only on a proprietary domain is read with BAC")
    func choice() async throws {
        let dh = try #require(PACEInfo.modularGenericMapping(cipher: "AES-128", parameterId: 2))
        let ecdh = try #require(PACEInfo.ellipticGenericMapping(cipher: "AES-128", parameterId: 13))
        let both = await PassportFixtures.reader.read(SimulatedPassport(image: try PassportFixtures.genuine(pace: [dh, ecdh])), key: PassportFixtures.key(),
                                                      at: PassportFixtures.readAt)
        #expect(both.steps.contains { $0.text.hasPrefix("PACE established (\(ecdh.summary))") })
        let proprietary = try #require(PACEInfo.modularGenericMapping(cipher: "AES-128", parameterId: 3))
        let report = await PassportFixtures.reader.read(SimulatedPassport(image: try PassportFixtures.genuine(pace: [proprietary])), key: PassportFixtures.key(),
                                                        at: PassportFixtures.readAt)
        #expect(report.reading.access == "BAC")
        #expect(report.reading.read)
    }
}
