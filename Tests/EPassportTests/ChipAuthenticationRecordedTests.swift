@testable import EPassport
import Testing

/// Chip Authentication replayed against what three real passports answered (Austria, Germany,
/// France), as recorded in gmrtd's chipauth/chip_auth_test.go (MIT; provenance in
/// Fixtures/SOURCES.md): DG14 as the chip holds it, the session before, the terminal's
/// ephemeral key, and the chip's answers. The reader must send the recorded commands byte for
/// byte (so its key agreement, key reference and secure messaging agree with the chip's), and
/// the chip's answer under the new keys must verify, leaving the recorded session keys.
@Suite("Chip Authentication against recorded real chips")
struct ChipAuthenticationRecordedTests {
    struct Recording: Sendable, CustomStringConvertible {
        let country: String
        let dataGroup14: String
        let cipher: BlockCipher
        let encryptionKey: String
        let macKey: String
        let counter: String
        let ephemeralKey: String
        let exchange: [(command: String, answer: String)]
        let protocolIdentifier: String
        let keyId: Int?
        let newEncryptionKey: String
        let newMacKey: String
        let newCipher: BlockCipher
        var description: String { country }
    }

    static let brainpoolKeyHead = """
        30820142060904007F000702020102308201333081EC06072A8648CE3D02013081E0020101302C06072A8648CE3D0101022100A9FB57DBA1EEA9BC3E660A909D838D726E3BF623D5262028\
        2013481D1F6E5377304404207D5A0975FC2C3057EEF67530417AFFE7FB8055C126DC5C6CE94A4B44F330B5D9042026DC5C6CE94A4B44F330B5D9BBD77CBF958416295CF7E1CE6BCCDC18FF8C07B6\
        0441048BD2AEB9CB7E57CB2C4B482FFC81B7AFB9DE27E1E3BD23C23A4453BD9ACE3262547EF835C3DAC4FD97F8461A14611DC9C27745132DED8E545C1D54C72F046997022100A9FB57DBA1EEA9\
        BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A702010103420004
        """

    static let recordings: [Recording] = [
        Recording(
            country: "AT (ECDH AES-128 on explicit brainpoolP256r1, no key id)",
            dataGroup14: "6E82017E3182017A300D060804007F0007020202020101300F060A04007F000702020302020201013012060A04007F0007020204020202010202010D"
                + brainpoolKeyHead + "1983917269AC877C0B61544C2C022000D2A5ABA723E2D80141E648B40911DC3459761F27480E4B57181A53D8FE1190EA86C939AC14363178CAFFC621F0F905C3",
            cipher: .aes, encryptionKey: "524170DE3419B7AF2F23E45AD6EF9595", macKey: "97893F5FDC29A5C13A924FE7D8ED44FD", counter: "000000000000000000000000000000F0",
            ephemeralKey: "80EBAFC8A51BECD4D90BB640EE38C9FD5C12748D28AAA37096B98C4533C4F5F5",
            exchange: [
                ("0C2241A41D8711015D8F69B1EA365CCE4304970DB12421F38E085340D338128085E700", "990290008E083F5136E82A6C34779000"),
                ("""
                    0C860000608751019E18F1BA79D805379752BB560EB70AAC3CE3BC5AFE2FDD4AEB325CA8B578B4A93B9F66A5DF40005F8E878535251D33DD974AAF77\
                    FB858773E5799FA9DC1034E89B1150EC7F0BB3DB4BF37A1B9EA4458A9701008E089D204D950C0B95DB00
                    """,
                 "8711010B0A5DFFC7432DE4DEB604291377A05B990290008E08B3384A1F5D1579739000"),
                ("0CA4020C1D8711011B2EE500E84960DF7F37AFE7ADFF53838E084500F3B43E192A5700", "990290008E0803C4B125B4218CEF9000"),
            ],
            protocolIdentifier: "0.4.0.127.0.7.2.2.3.2.2", keyId: nil,
            newEncryptionKey: "C8E27260EFD3F318D18C080CBF11C7E6", newMacKey: "A942190365204A21409EB28B52BF9160", newCipher: .aes),
        Recording(
            country: "DE (ECDH AES-128 on explicit brainpoolP256r1, key id 195)",
            dataGroup14: "6E82019A31820196300D060804007F00070202020201013012060A04007F0007020204020202010202010D3012060A04007F0007020204060202010202010D"
                + "3013060A04007F00070202030202020101020200C3" + brainpoolKeyHead.replacingOccurrences(of: "30820142", with: "30820146")
                + "7036BC5D0BCF31913B59103BB6F2C0C98C99EF4C19B9517340B76BFE4EE2194C76C3F3314E021D4B092DB5A32AB7D6E297F2FBEAE45AA28DEFC4DA750FEAD54E020200C3",
            cipher: .aes, encryptionKey: "CC86415F2ED7E8FD663B754265695AE1", macKey: "581E84B8EE06C4D3EEE30461498D7FB3", counter: "000000000000000000000000000000BA",
            ephemeralKey: "84A5145885678EE9307C28C52736896267511203B7B8009C5FE27ABCBAECDCAA",
            exchange: [
                ("0C2241A41D871101980953D37F67558690045D78A853B18A8E08929767A2CEF172E200", "990290008E08FC873EBB62219C8A9000"),
                ("""
                    0C8600006087510161912C367A6322D24AA1D4522DC47A7345369257672DF1D1163D506EB6489395D8083FAD393A394297CE8703C42F22C864C1F4C8\
                    E70EE1CF9B497ACF6579190D90F36CF9E16FE2149FF57247285D9E1E9701008E08A1D7A16EFBFD932C00
                    """,
                 "87110123E7159AC9B0EF92CE1F6755B89697E3990290008E088972F1595E1508C29000"),
                ("0CA4020C1D871101FAD37EADBCDE7E6A0833035A9FFF5B708E0836560BBCE1FECD5F00", "990290008E0829D0E1EBBB61BE7A9000"),
            ],
            protocolIdentifier: "0.4.0.127.0.7.2.2.3.2.2", keyId: 195,
            newEncryptionKey: "AF0EEDB52E87B945FC5503B1C6875C1C", newMacKey: "CEB85BEDCECFF1DD1E25DFB672C4A5BF", newCipher: .aes),
        Recording(
            country: "FR (only the key: ECDH 3DES by MSE:Set KAT on explicit NIST P-256, after AES-256 PACE)",
            dataGroup14: """
                6E82015E3182015A30820142060904007F000702020102308201333081EC06072A8648CE3D02013081E0020101302C06072A8648CE3D0101022100FF\
                FFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF
                """
                + """
                    30440420FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC04205AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53\
                    B0F63BCE3C3E27D2604B0441046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C2964FE342E2FE1A7F9B8EE7EB4A7C0F9E\
                    162BCE33576B315ECECBB6406837BF51F5
                    """
                + """
                    022100FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551020101034200048367FC170D90AD53A28C6526A9C7EC4F5C59\
                    C4F7F5D992583F951A1654B4D1D6332163A33D82CBF245154887A8812ED9A55C15AD9D5C5C463851875BBA9AEABD3012060A04007F00070202040204\
                    02010202010C
                    """,
            cipher: .aes, encryptionKey: "17da5d46e356f5b31c3d65b1369ef531ca811effc76967d2b62335e1ad9fe5cb",
            macKey: "5cb99a25e6081581fac80c8da621087939b6bde273f2f7c65693b3a0ea3051ed",
            counter: "000000000000000000000000000000c6", ephemeralKey: "d9c3b06a4dcb735351429403fcb56db520dc882512d775971f724d6112f96586",
            exchange: [
                ("""
                    0c2241a65d8751013ae386873df68bd7e9f8d7ab2e696ced29eeb8da78d502645b5e97d566361341e2eaa56318f6d84bf0bc44f7808afaf14798d160\
                    48aab03545f017f557d2cce9dee724f099e3d643abd0fb03e567d9b18e08f2d238dede5abbf100
                    """,
                 "990290008e089666ac14d11e8c2c9000"),
                ("0ca4020c15870901db66e918fe3525f98e08d870008cea2ba80000", "990290008e08420dea0a913418ae9000"),
            ],
            protocolIdentifier: "0.4.0.127.0.7.2.2.3.2.1", keyId: nil,
            newEncryptionKey: "8ae910a12991fbfe5e37c2c726a2df29", newMacKey: "1adac8970843d9bf8570737a04a8d50d", newCipher: .tripleDES),
    ]

    @Test("the recorded commands are sent byte for byte and the chip's answer verifies under the new keys", arguments: Self.recordings)
    func replay(recording: Recording) async throws {
        let group = try DataGroup14(hex(recording.dataGroup14))
        guard case .run(let offer) = group.chipAuthentication else { Issue.record("DG14 gives no offer: \(group.chipAuthentication)"); return }
        #expect(offer.info.protocolIdentifier == recording.protocolIdentifier)
        #expect(offer.info.keyId == recording.keyId)
        let card = ScriptedCard(recording.exchange.map { .bytes(hex($0.answer)) })
        let before = SecureMessaging(cipher: recording.cipher, encryptionKey: hex(recording.encryptionKey), macKey: hex(recording.macKey),
                                     sendSequenceCounter: hex(recording.counter))
        var connection = ChipConnection(channel: card, secureMessaging: before)
        try await ChipAuthentication.run(on: &connection, offer: offer, random: FixedRandom([hex(recording.ephemeralKey)]).source,
                                         confirmation: try #require(ChipFile.dataGroup(14)))
        #expect(await card.received == recording.exchange.map { hex($0.command) })
        let session = try #require(connection.secureMessaging)
        #expect(session.cipher == recording.newCipher)
        #expect(session.encryptionKey == hex(recording.newEncryptionKey))
        #expect(session.macKey == hex(recording.newMacKey))
        #expect(session.sendSequenceCounter == [UInt8](repeating: 0, count: recording.newCipher.blockSize - 1) + [0x02])
    }

    @Test("a flipped bit in the chip's answer under the new keys: the chip could not prove it holds the key")
    func alteredProof() async throws {
        let recording = Self.recordings[0]
        guard case .run(let offer) = try DataGroup14(hex(recording.dataGroup14)).chipAuthentication else { Issue.record("no offer"); return }
        var answers = recording.exchange.map { hex($0.answer) }
        answers[2][answers[2].count - 3] ^= 0x01
        var connection = ChipConnection(channel: ScriptedCard(answers.map { .bytes($0) }), secureMessaging: SecureMessaging(
            cipher: recording.cipher, encryptionKey: hex(recording.encryptionKey), macKey: hex(recording.macKey), sendSequenceCounter: hex(recording.counter)))
        let dataGroup14 = try #require(ChipFile.dataGroup(14))
        do throws(ChipError) {
            try await ChipAuthentication.run(on: &connection, offer: offer, random: FixedRandom([hex(recording.ephemeralKey)]).source, confirmation: dataGroup14)
            Issue.record("an altered answer under the new keys was taken as proof")
        } catch {
            #expect(error.kind == .garbled)
            #expect(error.message.hasPrefix("the chip could not prove it holds DG14's private key"))
        }
    }
}
