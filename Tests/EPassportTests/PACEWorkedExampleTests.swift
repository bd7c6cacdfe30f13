@testable import EPassport
import Testing

/// ICAO Doc 9303 part 11, appendix G.1: PACE, ECDH generic mapping on brainpoolP256r1 with
/// AES-128, for the MRZ T22000129 / 640812 / 101031, every intermediate value and the APDUs as
/// the standard prints them (quoted by gmrtd's tests, Fixtures/SOURCES.md).
@Suite("PACE generic mapping: ICAO 9303 part 11's worked example on brainpoolP256r1")
struct PACEWorkedExampleTests {
    static let cardAccess = hex("31143012060A04007F0007020204020202010202010D")
    static let terminalMappingKey = hex("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99")
    static let terminalEphemeralKey = hex("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595")

    static func key() throws -> AccessKey { try #require(AccessKey.mrz(documentNumber: "T22000129", birthDate: "640812", expiryDate: "101031")) }

    static func offer() throws -> PACEInfo { try #require(CardAccess(cardAccess).preferredOffer) }

    @Test("EF.CardAccess announces id-PACE-ECDH-GM-AES-CBC-CMAC-128 on parameter 13")
    func announcement() throws {
        let offer = try Self.offer()
        #expect(offer.protocolIdentifier == "0.4.0.127.0.7.2.2.4.2.2")
        #expect(offer.version == 2 && offer.parameterId == 13)
        #expect(offer.summary == "PACE ECDH-GM AES-128 on brainpoolP256r1")
    }

    @Test("K_π from the MRZ, and the nonce s it decrypts")
    func nonce() throws {
        let passwordKey = PACE.passwordKey(for: try Self.key(), offer: try Self.offer())
        #expect(passwordKey == hex("89DED1B26624EC1E634C1989302849DD"))
        let nonce = try PACE.nonce(encrypted: hex("95A3A016522EE98D01E76CB6B98B42C3"), passwordKey: passwordKey, offer: Self.offer())
        #expect(nonce == hex("3F00C4D39D153F2B2A214A078D899B22"))
    }

    @Test("generic mapping: H from the first key agreement, then G̃ = s·G + H")
    func mapping() throws {
        let curve = try #require(PACEDomain.curve(ofParameter: 13))
        #expect(try curve.encode(curve.publicKey(of: Self.terminalMappingKey))
                == hex("047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D"))
        let chipMapping = try curve.decode(hex("04 824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57")
                                           + hex("30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54"))
        let shared = try curve.multiply(chipMapping, by: Self.terminalMappingKey)
        #expect(shared == EllipticCurve.Point(x: hex("60332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD5"),
                                              y: hex("0840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181")))
        let generator = try PACE.mappedGenerator(curve: curve, nonce: hex("3F00C4D39D153F2B2A214A078D899B22"), shared: shared)
        #expect(generator == EllipticCurve.Point(x: hex("8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"),
                                                 y: hex("8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522")))
    }

    @Test("a point off the curve is refused, not multiplied")
    func offCurve() throws {
        let curve = try #require(PACEDomain.curve(ofParameter: 13))
        var bytes = hex("04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54")
        bytes[64] ^= 0x01
        #expect(throws: ChipError.self) { try curve.decode(bytes) }
        #expect(throws: ChipError.self) { try curve.decode([0x04, 0x01]) }
    }

    @Test("the whole exchange: the APDUs of G.1, session keys KSenc F5F0E35C…, KSMAC FE251C78…, counter zero")
    func exchange() async throws {
        let card = ScriptedCard([
            .bytes(hex("9000")),
            .bytes(hex("7C12801095A3A016522EE98D01E76CB6B98B42C39000")),
            .bytes(hex("7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000")),
            .bytes(hex("7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000")),
            .bytes(hex("7C0A86083ABB9674BCE93C089000")),
        ])
        var connection = ChipConnection(channel: card)
        let random = FixedRandom([Self.terminalMappingKey, Self.terminalEphemeralKey])
        try await PACE.establish(on: &connection, key: Self.key(), offer: Self.offer(), random: random.source)
        let sent = await card.received
        #expect(sent == [
            hex("0022C1A412800A04007F0007020204020283010184010D"),
            hex("10860000027C0000"),
            hex("10860000457C438141047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D00"),
            hex("10860000457C438341042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB3646200"),
            hex("008600000C7C0A8508C2B0BD78D94BA86600"),
        ])
        let session = try #require(connection.secureMessaging)
        #expect(session.cipher == .aes)
        #expect(session.encryptionKey == hex("F5F0E35C0D7161EE6724EE513A0D9A7F"))
        #expect(session.macKey == hex("FE251C7858B356B24514B3BD5F4297D1"))
        #expect(session.sendSequenceCounter == [UInt8](repeating: 0, count: 16))
    }

    @Test("a chip that refuses the terminal's token means access denied")
    func refusedToken() async throws {
        let card = ScriptedCard([
            .bytes(hex("9000")),
            .bytes(hex("7C12801095A3A016522EE98D01E76CB6B98B42C39000")),
            .bytes(hex("7C43824104824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C549000")),
            .bytes(hex("7C438441049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F0949000")),
            .bytes(hex("6300")),
        ])
        var connection = ChipConnection(channel: card)
        let random = FixedRandom([Self.terminalMappingKey, Self.terminalEphemeralKey])
        let wrong = try #require(AccessKey.mrz(documentNumber: "T22000128", birthDate: "640812", expiryDate: "101031"))
        await #expect {
            try await PACE.establish(on: &connection, key: wrong, offer: Self.offer(), random: random.source)
        } throws: { error in
            (error as? ChipError)?.kind == .accessDenied
        }
        #expect(connection.secureMessaging == nil)
    }
}
