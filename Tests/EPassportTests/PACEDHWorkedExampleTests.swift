import CLibCrypto
@testable import EPassport
import Testing

/// ICAO Doc 9303 part 11, appendix G.2: PACE, DH generic mapping on the 1024-bit MODP group
/// with 160-bit subgroup (parameter id 0) with AES-128, for the MRZ T22000129 / 640812 / 101031,
/// every intermediate value and the APDUs as the standard prints them (quoted by ZeroPass/dmrtd's
/// test/pace_test_dh.dart, Fixtures/SOURCES.md).
@Suite("PACE generic mapping: ICAO 9303 part 11's worked example on a DH group")
struct PACEDHWorkedExampleTests {
    static let cardAccess = hex("31143012060A04007F00070202040102020102020100")
    static let nonce = hex("FA5B7E3E49753A0DB9178B7B9BD898C8")
    static let terminalMappingKey = hex("5265030F751F4AD18B08AC565FC7AC952E41618D")
    static let chipMappingKey = hex("66DDAFEAC1609CB5B963BB0CB3FF8B3E047F336C")
    static let terminalEphemeralKey = hex("89CCD99B0E8D3B1F11E1296DCA68EC53411CF2CA")
    static let chipEphemeralKey = hex("A5B780126B7C980E9FCEA1D4539DA1D27C342DFA")
    static let terminalMappingPublic = hex("""
        23FB3749EA030D2A25B278D2A562047ADE3F01B74F17A15402CB7352CA7D2B3EB71C343DB13D1DEBCE9A3666DBCFC920B49174A602CB47965CAA73DC702489A4
        4D41DB914DE9613DC5E98C94160551C0DF86274B9359BC0490D01B03AD54022DCB4F57FAD6322497D7A1E28D46710F461AFE710FBBBC5F8BA166F4311975EC6C
        """)
    static let chipMappingPublic = hex("""
        78879F57225AA8080D52ED0FC890A4B25336F699AA89A2D3A189654AF70729E623EA5738B26381E4DA19E004706FACE7B235C2DBF2F38748312F3C98C2DD4882
        A41947B324AA1259AC22579DB93F7085655AF30889DBB845D9E6783FE42C9F2449400306254C8AE8EE9DD812A804C0B66E8CAFC14F84D8258950A91B44126EE6
        """)
    static let mappingShared = hex("""
        5BABEBEF5B74E5BA94B5C063FDA15F1F1CDE94873EE0A5D3A2FCAB49F258D07F544F13CB66658C3AFEE9E727389BE3F6CBBBD32128A8C21DD6EEA3CF7091CDDF
        B08B8D007D40318DCCA4FFBF51208790FB4BD111E5A968ED6B6F08B26CA87C410B3CE0C310CE104EABD16629AA48620C1279270CB0750C0D37C57FFFE302AE7F
        """)
    static let mappedGenerator = hex("""
        7C9CBFE98F9FBDDA8D143506FA7D9306F4CB17E3C71707AFF5E1C1A12370249684D64EE37AF44B8DBD9D45BF6023919CBAA027AB97ACC771666C8E98FF483301
        BFA4872DEDE9034EDFACB70814166B7F360676829B826BEA57291B5AD69FBC84EF1E779032A305803F74341793E869742D401325B37EE8565FFCDEE618342DC5
        """)
    static let terminalEphemeralPublic = hex("""
        907D89E2D425A178AA81AF4A7774EC8E388C115CAE67031E85EECE520BD911551B9AE4D04369F29A02626C86FBC6747CC7BC352645B6161A2A42D44EDA80A08F
        A8D61B76D3A154AD8A5A51786B0BC07147057871A922212C5F67F43173172236B7747D1671E6D692A3C7D40A0C3C5CE397545D015C175EB5130551EDBC2EE5D4
        """)
    static let chipEphemeralPublic = hex("""
        075693D9AE941877573E634B6E644F8E60AF17A0076B8B123D9201074D36152BD8B3A213F53820C42ADC79AB5D0AEEC3AEFB91394DA476BD97B9B14D0A65C1FC
        71A0E019CB08AF55E1F729005FBA7E3FA5DC41899238A250767A6D46DB974064386CD456743585F8E5D90CC8B4004B1F6D866C79CE0584E49687FF61BC29AEA1
        """)
    static let sharedSecret = hex("""
        6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E38B834B6A9E9CD7184BA8834AFF5043D436950C4C1E7832367C10CB8C314D40E5
        990B0DF7013E64B4549E2270923D06F08CFF6BD3E977DDE6ABE4C31D55C0FA2E465E553E77BDF75E3193D3834FC26E8EB1EE2FA1E4FC97C18C3F6CFFFE2607FD
        """)

    static func key() throws -> AccessKey { try #require(AccessKey.mrz(documentNumber: "T22000129", birthDate: "640812", expiryDate: "101031")) }

    static func offer() throws -> PACEInfo { try #require(CardAccess(cardAccess).preferredOffer) }

    static func group() throws -> ModularGroup { try #require(PACEDomain.group(ofParameter: 0)) }

    @Test("EF.CardAccess announces id-PACE-DH-GM-AES-CBC-CMAC-128 on parameter 0, and the reader takes it")
    func announcement() throws {
        let offer = try Self.offer()
        #expect(offer.protocolIdentifier == "0.4.0.127.0.7.2.2.4.1.2")
        #expect(offer.version == 2 && offer.parameterId == 0 && !offer.isEllipticCurve && offer.mapping == .generic)
        #expect(offer.summary == "PACE DH-GM AES-128 on 1024-bit MODP with 160-bit subgroup")
    }

    @Test("K_π from the MRZ, and the nonce s it decrypts")
    func nonceDecrypted() throws {
        let passwordKey = PACE.passwordKey(for: try Self.key(), offer: try Self.offer())
        #expect(passwordKey == hex("89DED1B26624EC1E634C1989302849DD"))
        #expect(try PACE.nonce(encrypted: hex("854D8DF5827FA6852D1A4FA701CDDDCA"), passwordKey: passwordKey, offer: Self.offer()) == Self.nonce)
    }

    @Test("generic mapping: both mapping keys, h from either side, then g̃ = g^s·h mod p")
    func mapping() throws {
        let group = try Self.group()
        #expect(try group.publicKey(of: Self.terminalMappingKey) == Self.terminalMappingPublic)
        #expect(try group.publicKey(of: Self.chipMappingKey) == Self.chipMappingPublic)
        #expect(try group.power(Self.chipMappingPublic, Self.terminalMappingKey) == Self.mappingShared)
        #expect(try group.power(Self.terminalMappingPublic, Self.chipMappingKey) == Self.mappingShared)
        #expect(try PACE.mappedGenerator(group: group, nonce: Self.nonce, shared: Self.mappingShared) == Self.mappedGenerator)
    }

    @Test("key agreement on g̃: the ephemeral keys, K, KSenc 2F7F46AD…, KSMAC 805A1D27…, and both tokens")
    func agreement() throws {
        let group = try Self.group()
        #expect(try group.power(Self.mappedGenerator, Self.terminalEphemeralKey) == Self.terminalEphemeralPublic)
        #expect(try group.power(Self.mappedGenerator, Self.chipEphemeralKey) == Self.chipEphemeralPublic)
        #expect(try group.power(Self.chipEphemeralPublic, Self.terminalEphemeralKey) == Self.sharedSecret)
        let offer = try Self.offer()
        #expect(KeyDerivation.key(from: Self.sharedSecret, purpose: .encryption, cipher: .aes) == hex("2F7F46ADCC9E7E521B45D192FAFA9126"))
        let mac = KeyDerivation.key(from: Self.sharedSecret, purpose: .mac, cipher: .aes)
        #expect(mac == hex("805A1D27D45A5116F73C54469462B7D8"))
        #expect(try PACE.authenticationToken(macKey: mac, offer: offer, publicKey: Self.chipEphemeralPublic) == hex("B46DD9BD4D98381F"))
        #expect(try PACE.authenticationToken(macKey: mac, offer: offer, publicKey: Self.terminalEphemeralPublic) == hex("917F37B5C0E6D8D1"))
    }

    @Test("the whole exchange: G.2's GENERAL AUTHENTICATEs byte for byte, the session keys, counter zero")
    func exchange() async throws {
        let card = ScriptedCard([
            .bytes(hex("9000")),
            .bytes(hex("7C128010854D8DF5827FA6852D1A4FA701CDDDCA9000")),
            .bytes(hex("7C8183828180") + Self.chipMappingPublic + hex("9000")),
            .bytes(hex("7C8183848180") + Self.chipEphemeralPublic + hex("9000")),
            .bytes(hex("7C1B8608917F37B5C0E6D8D1870F4445544553544356434130303030339000")),
        ])
        var connection = ChipConnection(channel: card)
        let random = FixedRandom([Self.terminalMappingKey, Self.terminalEphemeralKey])
        try await PACE.establish(on: &connection, key: Self.key(), offer: Self.offer(), random: random.source)
        let sent = await card.received
        // G.2's MSE:Set AT leaves the parameter id out; this reader always names it (84 01 00), as it does for curves.
        #expect(sent == [
            hex("0022C1A412800A04007F00070202040102830101840100"),
            hex("10860000027C0000"),
            hex("10860000867C8183818180") + Self.terminalMappingPublic + [0x00],
            hex("10860000867C8183838180") + Self.terminalEphemeralPublic + [0x00],
            hex("008600000C7C0A8508B46DD9BD4D98381F00"),
        ])
        let session = try #require(connection.secureMessaging)
        #expect(session.cipher == .aes)
        #expect(session.encryptionKey == hex("2F7F46ADCC9E7E521B45D192FAFA9126"))
        #expect(session.macKey == hex("805A1D27D45A5116F73C54469462B7D8"))
        #expect(session.sendSequenceCounter == [UInt8](repeating: 0, count: 16))
    }

    @Test("a chip mapping key outside the subgroup (1, p−1, 2, longer than p) ends PACE as garbled, with no session",
          arguments: ["one", "p-1", "two", "long"])
    func hostileMappingKey(kind: String) async throws {
        let group = try Self.group()
        var minusOne = group.prime
        minusOne[minusOne.count - 1] -= 1
        let key: [UInt8] = switch kind {
        case "one": [UInt8](repeating: 0, count: 127) + [1]
        case "p-1": minusOne
        case "two": [UInt8](repeating: 0, count: 127) + [2]
        default: [UInt8](repeating: 0x7F, count: 300)
        }
        #expect(throws: ChipError.self) { try group.validate(publicKey: key) }
        let card = ScriptedCard([
            .bytes(hex("9000")),
            .bytes(hex("7C128010854D8DF5827FA6852D1A4FA701CDDDCA9000")),
            .bytes(TLV.encode(tag: 0x7C, value: TLV.encode(tag: 0x82, value: key)) + [0x90, 0x00]),
        ])
        var connection = ChipConnection(channel: card)
        let random = FixedRandom([Self.terminalMappingKey, Self.terminalEphemeralKey])
        do {
            try await PACE.establish(on: &connection, key: Self.key(), offer: Self.offer(), random: random.source)
            Issue.record("PACE accepted a mapping key that is \(kind)")
        } catch {
            #expect((error as? ChipError)?.kind == .garbled, "\(error)")
        }
        #expect(connection.secureMessaging == nil)
        #expect(await card.received.count == 3)
    }

    @Test("a chip that echoes the terminal's ephemeral key is refused before any token is sent")
    func echoedEphemeralKey() async throws {
        let card = ScriptedCard([
            .bytes(hex("9000")),
            .bytes(hex("7C128010854D8DF5827FA6852D1A4FA701CDDDCA9000")),
            .bytes(hex("7C8183828180") + Self.chipMappingPublic + hex("9000")),
            .bytes(hex("7C8183848180") + Self.terminalEphemeralPublic + hex("9000")),
        ])
        var connection = ChipConnection(channel: card)
        let random = FixedRandom([Self.terminalMappingKey, Self.terminalEphemeralKey])
        await #expect(throws: ChipError.self) { try await PACE.establish(on: &connection, key: Self.key(), offer: Self.offer(), random: random.source) }
        #expect(await card.received.count == 4)
    }

    @Test("a mapping that cancels g^s (h = g^(q−s)) gives no generator")
    func degenerateMapping() throws {
        let group = try Self.group()
        let order = try #require(group.order)
        let cancelling = try group.publicKey(of: Self.subtract(order, Self.nonce))
        #expect(throws: ChipError.self) { try PACE.mappedGenerator(group: group, nonce: Self.nonce, shared: cancelling) }
    }

    @Test("RFC 5114's three groups as written match libcrypto's named groups", arguments: [(0, "dh_1024_160"), (1, "dh_2048_224"), (2, "dh_2048_256")])
    func standardGroups(parameter: Int, libcryptoName: String) throws {
        let group = try #require(PACEDomain.group(ofParameter: parameter))
        let named = try #require(Self.libcryptoGroup(libcryptoName))
        #expect(group.prime == named.p && group.generator == named.g && group.order == named.q)
        #expect(try group.power(group.generator, #require(group.order)) == [UInt8](repeating: 0, count: group.size - 1) + [1])
    }

    /// `a` − `b` for big-endian `a` ≥ `b`.
    static func subtract(_ a: [UInt8], _ b: [UInt8]) -> [UInt8] {
        var result = a
        var borrow = 0
        for index in 0..<a.count {
            let position = a.count - 1 - index
            let other = index < b.count ? Int(b[b.count - 1 - index]) : 0
            var value = Int(a[position]) - other - borrow
            borrow = value < 0 ? 1 : 0
            if value < 0 { value += 256 }
            result[position] = UInt8(value)
        }
        return result
    }

    /// p, g, q of libcrypto's DH group `name`, big-endian without leading zeros.
    static func libcryptoGroup(_ name: String) -> (p: [UInt8], g: [UInt8], q: [UInt8])? {
        guard let context = EVP_PKEY_CTX_new_from_name(nil, "DHX", nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_paramgen_init(context) == 1 else { return nil }
        let set = name.withCString { pointer in
            "group".withCString { key in
                var parameters = [OSSL_PARAM_construct_utf8_string(key, UnsafeMutablePointer(mutating: pointer), 0), OSSL_PARAM_construct_end()]
                return EVP_PKEY_CTX_set_params(context, &parameters)
            }
        }
        var key: OpaquePointer?
        guard set == 1, EVP_PKEY_paramgen(context, &key) == 1, let key else { return nil }
        defer { EVP_PKEY_free(key) }
        func number(_ name: String) -> [UInt8]? {
            var value: OpaquePointer?
            guard EVP_PKEY_get_bn_param(key, name, &value) == 1, let value else { return nil }
            defer { BN_free(value) }
            var bytes = [UInt8](repeating: 0, count: Int(BN_num_bits(value) + 7) / 8)
            _ = BN_bn2bin(value, &bytes)
            return bytes
        }
        guard let p = number("p"), let g = number("g"), let q = number("q") else { return nil }
        return (p, g, q)
    }
}
