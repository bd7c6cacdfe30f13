import EPassport
import Testing

/// ICAO Doc 9303 part 11, appendix D: BAC and secure messaging for the specimen document
/// L898902C<, born 1969-08-06, expiring 1994-06-23, byte by byte. Every value here is the
/// standard's, as quoted by gmrtd's tests (Fixtures/SOURCES.md); none is computed by us.
@Suite("BAC and 3DES secure messaging: ICAO 9303 part 11's worked example")
struct BACWorkedExampleTests {
    static let keys = BasicAccessControl.Keys.self
    static let challenge = hex("4608F91988702212")  // RND.IC
    static let terminalNonce = hex("781723860C06C226")  // RND.IFD
    static let terminalKey = hex("0B795240CB7049B01C19B33E32804F0B")  // K.IFD
    static let commandData = hex("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7")
    static let answerData = hex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")

    static func documentKeys() throws -> BasicAccessControl.Keys {
        let key = try #require(AccessKey.mrz(documentNumber: "L898902C", birthDate: "690806", expiryDate: "940623"))
        return try #require(BasicAccessControl.keys(for: key))
    }

    @Test("D.2: KEnc and KMAC from MRZ_information L898902C<369080619406236")
    func documentBasicAccessKeys() throws {
        let keys = try Self.documentKeys()
        #expect(keys.encryption == hex("AB94FDECF2674FDFB9B391F85D7F76F2"))
        #expect(keys.mac == hex("7962D9ECE03D1ACD4C76089DCE131543"))
    }

    @Test("D.2: the key from the printed MRZ lines is the same key")
    func keyFromLines() throws {
        let lines = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C<3UTO6908061F9406236ZE184226B<<<<<14"]
        let fromLines = try #require(AccessKey.mrz(lines: lines))
        #expect(fromLines == AccessKey.mrz(documentNumber: "L898902C<", birthDate: "690806", expiryDate: "940623"))
        #expect(BasicAccessControl.keys(for: fromLines)?.encryption == hex("AB94FDECF2674FDFB9B391F85D7F76F2"))
        #expect("\(fromLines)" == "the MRZ key")
    }

    @Test("D.3: E_IFD and M_IFD, the EXTERNAL AUTHENTICATE data")
    func terminalCryptogram() throws {
        let data = try BasicAccessControl.authenticationData(keys: Self.documentKeys(), challenge: Self.challenge, terminalNonce: Self.terminalNonce,
                                                             terminalKey: Self.terminalKey)
        #expect(data == Self.commandData)
    }

    @Test("D.3: the chip's answer gives KSenc, KSMAC and SSC 887022120C06C226")
    func sessionKeys() throws {
        var session = try BasicAccessControl.session(keys: Self.documentKeys(), answer: Self.answerData, challenge: Self.challenge,
                                                     terminalNonce: Self.terminalNonce, terminalKey: Self.terminalKey)
        #expect(session.sendSequenceCounter == hex("887022120C06C226"))
        // The session keys show in the protected SELECT of D.4, which uses both.
        let select = try session.protect(.selectFile(0x011E))
        #expect(select.bytes == hex("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"))
    }

    @Test("D.3: an answer with a changed MAC or nonce is refused")
    func alteredAnswer() throws {
        var badMAC = Self.answerData
        badMAC[39] ^= 0x01
        #expect(throws: ChipError.self) {
            try BasicAccessControl.session(keys: Self.documentKeys(), answer: badMAC, challenge: Self.challenge,
                                           terminalNonce: Self.terminalNonce, terminalKey: Self.terminalKey)
        }
        var otherNonce = Self.terminalNonce
        otherNonce[7] ^= 0xFF
        #expect(throws: ChipError.self) {
            try BasicAccessControl.session(keys: Self.documentKeys(), answer: Self.answerData, challenge: Self.challenge,
                                           terminalNonce: otherNonce, terminalKey: Self.terminalKey)
        }
    }

    @Test("D.4: SELECT EF.COM and two READ BINARYs protected and their answers checked, SSC to 887022120C06C22C")
    func secureMessaging() throws {
        var session = SecureMessaging(cipher: .tripleDES, encryptionKey: hex("979EC13B1CBFE9DCD01AB0FED307EAE5"),
                                      macKey: hex("F1CB1F1FB5ADF208806B89DC579DC1F8"), sendSequenceCounter: hex("887022120C06C226"))
        #expect(try session.protect(.selectFile(0x011E)).bytes == hex("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800"))
        let selected = try session.unprotect(#require(ResponseAPDU(bytes: hex("990290008E08FA855A5D4C50A8ED9000"))))
        #expect(selected == ResponseAPDU(data: [], status: 0x9000))

        #expect(try session.protect(.readBinary(offset: 0, count: 4)).bytes == hex("0CB000000D9701048E08ED6705417E96BA5500"))
        let first = try session.unprotect(#require(ResponseAPDU(bytes: hex("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"))))
        #expect(first.data == hex("60145F01"))

        #expect(try session.protect(.readBinary(offset: 4, count: 0x12)).bytes == hex("0CB000040D9701128E082EA28A70F3C7B53500"))
        let rest = try session.unprotect(#require(ResponseAPDU(bytes: hex("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"))))
        #expect(rest.data == hex("04303130365F36063034303030305C026175"))
        #expect(session.sendSequenceCounter == hex("887022120C06C22C"))
    }

    @Test("D.4: an answer with one bit changed fails its MAC")
    func tamperedAnswer() throws {
        var session = SecureMessaging(cipher: .tripleDES, encryptionKey: hex("979EC13B1CBFE9DCD01AB0FED307EAE5"),
                                      macKey: hex("F1CB1F1FB5ADF208806B89DC579DC1F8"), sendSequenceCounter: hex("887022120C06C228"))
        _ = try session.protect(.readBinary(offset: 0, count: 4))
        var answer = hex("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")
        answer[5] ^= 0x10
        #expect {
            try session.unprotect(#require(ResponseAPDU(bytes: answer)))
        } throws: { error in
            (error as? ChipError)?.kind == .garbled
        }
    }

    @Test("D.3 end to end: GET CHALLENGE, one EXTERNAL AUTHENTICATE, then the protected SELECT of D.4")
    func establish() async throws {
        let card = ScriptedCard([
            .bytes(Self.challenge + [0x90, 0x00]),
            .bytes(Self.answerData + [0x90, 0x00]),
            .bytes(hex("990290008E08FA855A5D4C50A8ED9000")),
        ])
        var connection = ChipConnection(channel: card)
        let random = FixedRandom([Self.terminalNonce, Self.terminalKey])
        let key = try #require(AccessKey.mrz(documentNumber: "L898902C", birthDate: "690806", expiryDate: "940623"))
        try await BasicAccessControl.establish(on: &connection, key: key, random: random.source)
        let selected = try await connection.send(.selectFile(0x011E))
        #expect(selected.status == 0x9000)
        let sent = await card.received
        #expect(sent == [hex("0084000008"), hex("0082000028") + Self.commandData + [0x28], hex("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")])
    }

    @Test("a refused EXTERNAL AUTHENTICATE is access denied after exactly one attempt")
    func wrongKey() async throws {
        let card = ScriptedCard([.bytes(Self.challenge + [0x90, 0x00]), .bytes([0x63, 0x00])])
        var connection = ChipConnection(channel: card)
        let key = try #require(AccessKey.mrz(documentNumber: "X1234567", birthDate: "690806", expiryDate: "940623"))
        await #expect {
            try await BasicAccessControl.establish(on: &connection, key: key, random: .system)
        } throws: { error in
            (error as? ChipError)?.kind == .accessDenied
        }
        let sent = await card.received
        #expect(sent.filter { $0[1] == 0x82 }.count == 1)
        #expect(connection.secureMessaging == nil)
    }
}

@Suite("The MACs and ciphers under secure messaging")
struct SymmetricPrimitiveTests {
    @Test("ISO 9797-1 MAC algorithm 3 over ICAO's E_IFD and E_IC (appendix D.3)")
    func retailMAC() throws {
        let key = hex("7962D9ECE03D1ACD4C76089DCE131543")
        #expect(try RetailMAC.compute(key: key, message: hex("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")) == hex("5F1448EEA8AD90A7"))
        #expect(try RetailMAC.compute(key: key, message: hex("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F")) == hex("2F2D235D074D7449"))
    }

    @Test("AES-CMAC: RFC 4493's example 2 (16-byte message)")
    func cmac() throws {
        let mac = try AESCMAC.compute(key: hex("2b7e151628aed2a6abf7158809cf4f3c"), message: hex("6bc1bee22e409f96e93d7e117393172a"))
        #expect(mac == hex("070a16b46b4d4144f79bdd9dd04a287c"))
    }

    @Test("AES secure messaging as a real chip did it (gmrtd's recorded MSE:Set AT and a 225-byte answer)")
    func aesSecureMessaging() throws {
        var terminal = SecureMessaging(cipher: .aes, encryptionKey: hex("cc86415f2ed7e8fd663b754265695ae1"), macKey: hex("581e84b8ee06c4d3eee30461498d7fb3"),
                                       sendSequenceCounter: hex("000000000000000000000000000000ba"))
        let command = CommandAPDU(ins: 0x22, p1: 0x41, p2: 0xA4, data: hex("800a04007f000702020302028401c3"))
        #expect(try terminal.protect(command).bytes == hex("0c2241a41d871101980953d37f67558690045d78a853b18a8e08929767a2cef172e200"))

        var reading = SecureMessaging(cipher: .aes, encryptionKey: hex("a8e85e938514ec67ae33cda3d43d3c48"), macKey: hex("27f1adeb705a049a305b0c619b14b9b3"),
                                      sendSequenceCounter: hex("0000000000000000000000000000000b"))
        let answer = hex(
            """
            8781e1012fabf9e0655d7e987fd28a8aeb19c9cadd990d49399799ed1fe465bcea56da9ba3024291d40d23d7f1e00485d71faddc6d8c1382e8028dd22efdcc72ed47663d56d2
            0dd6c4b867956fe0507313083ae7fc54fb46133f184febbe13ad6fd3e2616a1f4a829e75ada1a0e443ca738288f6014be8a7745d8259b089e6bee35bcc4bf5b63db5fdd84244
            f67eca099213b70a861b4487225aa68af684278fceb4cb809de42be3ee95b0e0d72bcdb0ed47cb56efc264e04a9397a90e81ad1d81efa2d14b2ca8ec7bd997f4b1c1fd344d5d
            ee8589c38b227ca4cb35810060a7cc76403e990290008e083eb47ef4fa82afc99000
            """)
        let plain = try reading.unprotect(#require(ResponseAPDU(bytes: answer)))
        #expect(plain.status == 0x9000)
        #expect(plain.data == hex(
            """
            a729901d1a71874700133107ec53306404307bc382c63d8c150c3c72080ace05afa0c2bea28e4fb22787139165efba91f90f8aa5814a503ad4eb04a8c7dd22ce2826043004a8
            c7dd22ce28268b39b55416f0447c2fb77de107dcd2a62e880ea53eeb62d57cb4390295dbc9943ab78696fa504c110461041d1c64f068cf45ffa2a63a81b7c13f6b8847a3e77e
            f14fe3db7fcafe0cbd10e8e826e03436d646aaef87b2e247d4af1e8abe1d7520f9c2a45cb1eb8e95cfd55262b70b29feec5864e19c054ff99129280e46462177918111428203
            41263c53150231008cb91e82a3
            """))
        #expect(reading.sendSequenceCounter == hex("0000000000000000000000000000000c"))
    }
}
