import DocumentSecurity
import EPassport
import LaneModel
import Testing

@Suite("Reading a simulated passport that offers Chip Authentication (DG14)")
struct PassportReaderChipAuthenticationTests {
    /// A chip's CA key: the curve (PACE parameter id), the cipher DG14 announces, explicit or named parameters, PACE (AES-128 on brainpoolP256r1) or BAC.
    struct Case: Sendable, CustomStringConvertible {
        let parameterId: Int
        let cipher: String
        let explicit: Bool
        let pace: Bool
        var description: String {
            "\(StandardCurve.withParameter(parameterId)?.name ?? "?") CA \(cipher) (\(explicit ? "explicit" : "named") parameters) after \(pace ? "PACE" : "BAC")"
        }
    }

    static let cases: [Case] = [
        Case(parameterId: 12, cipher: "3DES", explicit: true, pace: false), Case(parameterId: 13, cipher: "3DES", explicit: true, pace: false),
        Case(parameterId: 12, cipher: "AES-128", explicit: false, pace: true), Case(parameterId: 13, cipher: "AES-128", explicit: true, pace: true),
        Case(parameterId: 13, cipher: "AES-256", explicit: false, pace: false), Case(parameterId: 16, cipher: "AES-192", explicit: true, pace: true),
        Case(parameterId: 18, cipher: "AES-256", explicit: false, pace: true), Case(parameterId: 15, cipher: "3DES", explicit: true, pace: true),
    ]

    static func image(_ key: ChipAuthenticationKey, pace: Bool = false, activeAuthentication: DocumentSigningKey? = nil) throws -> PassportImage {
        let offers = pace ? [try #require(PACEInfo.ellipticGenericMapping(cipher: "AES-128", parameterId: 13))] : []
        return try PassportImage.genuine(mrzLines: PassportFixtures.mrzLines, face: PassportFixtures.face(), pki: PassportFixtures.pki,
                                         activeAuthenticationKey: activeAuthentication, pace: offers, chipAuthenticationKey: key)
    }

    static func key(_ parameterId: Int = 13, cipher: String = "3DES", explicit: Bool = true, keyId: Int? = nil) throws -> ChipAuthenticationKey {
        try ChipAuthenticationKey.generate(curve: try #require(StandardCurve.withParameter(parameterId)), cipher: cipher, keyId: keyId, explicitParameters: explicit)
    }

    static func read(_ chip: SimulatedPassport) async -> ChipReport {
        await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
    }

    @Test("a genuine chip proves it holds DG14's key; the reader uses swift-crypto or libcrypto and the chip libcrypto", arguments: Self.cases)
    func genuine(_ testCase: Case) async throws {
        let key = try Self.key(testCase.parameterId, cipher: testCase.cipher, explicit: testCase.explicit)
        let chip = SimulatedPassport(image: try Self.image(key, pace: testCase.pace))
        let report = await Self.read(chip)
        #expect(report.reading.access == (testCase.pace ? "PACE" : "BAC"))
        #expect(report.reading.read, "\(report.steps)")
        #expect(report.reading.dataGroups == [1, 2, 14])
        #expect(report.reading.passiveAuthentication.outcome == .passed, "\(report.steps)")
        let check = report.reading.chipAuthentication
        #expect(check.outcome == .passed, "\(report.steps)")
        #expect(check.method == "CA")
        #expect(check.detail.hasPrefix("the chip proved it holds DG14's private key (\(key.info.summary) on \(key.domainName))"))
        let commands = await chip.received
        let keyAgreement = commands.filter { $0.ins == 0x22 && $0.p1 == 0x41 }
        #expect(keyAgreement.map(\.p2) == [testCase.cipher == "3DES" ? 0xA6 : 0xA4])
        #expect(commands.last?.ins == 0xA4, "the answer under the new keys is to a SELECT")
        #expect(!commands.contains { $0.ins == 0x88 })
    }

    @Test("DH keys (RFC 3526's 2048-bit group): a genuine chip passes with 3DES after BAC and AES after PACE; a copy fails", arguments: [false, true])
    func diffieHellman(pace: Bool) async throws {
        let key = try ChipAuthenticationKey.generate(group: try ModularGroup.rfc3526Group2048(), cipher: pace ? "AES-128" : "3DES")
        let report = await Self.read(SimulatedPassport(image: try Self.image(key, pace: pace)))
        #expect(report.reading.passiveAuthentication.outcome == .passed)
        #expect(report.reading.chipAuthentication.outcome == .passed, "\(report.steps)")
        #expect(report.reading.chipAuthentication.detail.contains("(CA DH \(pace ? "AES-128" : "3DES") on 2048-bit MODP)"))
        let copy = await Self.read(SimulatedPassport(image: try Self.image(key, pace: pace), faults: [.lacksChipAuthenticationKey]))
        #expect(copy.reading.chipAuthentication.outcome == .failed)
        #expect(copy.reading.chipAuthentication.detail.hasPrefix("the chip could not prove it holds DG14's private key"))
    }

    @Test("a DH key whose public value is outside its group, or whose prime is too small or too large, is malformed")
    func malformedDiffieHellman() throws {
        let group = try ModularGroup.rfc3526Group2048()
        let info = try #require(ChipAuthenticationInfo.modular(cipher: "3DES")).encoded
        let prime = group.prime
        var minusOne = prime
        minusOne[minusOne.count - 1] -= 1
        let cases: [(String, [UInt8])] = [
            ("the value 1", ChipAuthenticationPublicKeyInfo.encode(group: group, publicKey: [1], keyId: nil)),
            ("p − 1", ChipAuthenticationPublicKeyInfo.encode(group: group, publicKey: minusOne, keyId: nil)),
            ("p itself", ChipAuthenticationPublicKeyInfo.encode(group: group, publicKey: prime, keyId: nil)),
        ]
        for (what, keyInfo) in cases {
            guard case .malformed(let reason) = try DataGroup14(DataGroup14.encode(infos: [info, keyInfo])).chipAuthentication else {
                Issue.record("\(what) was accepted")
                continue
            }
            #expect(reason.contains("DH public key"), "\(what): \(reason)")
        }
        #expect(throws: ChipError.self) { try ModularGroup(prime: Array(prime.prefix(64)), generator: [2], order: nil) }
        #expect(throws: ChipError.self) { try ModularGroup(prime: prime + prime + prime, generator: [2], order: nil) }
        #expect(throws: ChipError.self) { try ModularGroup(prime: prime, generator: [1], order: nil) }
    }

    @Test("a key id in DG14 is named in the key agreement (84, unsigned, as the German chip takes it)")
    func keyId() async throws {
        let key = try Self.key(cipher: "AES-128", keyId: 195)
        let chip = SimulatedPassport(image: try Self.image(key))
        let report = await Self.read(chip)
        #expect(report.reading.chipAuthentication.outcome == .passed, "\(report.steps)")
        let set = try #require(await chip.received.first { $0.ins == 0x22 && $0.p1 == 0x41 })
        #expect(try TLV.parseAll(set.data).first { $0.tag == 0x84 }?.value == [0xC3])
    }

    @Test("a copied chip (DG14 from a genuine passport, not its private key): CA fails, PA still passes", arguments: ["3DES", "AES-128"])
    func clonedChip(cipher: String) async throws {
        let chip = SimulatedPassport(image: try Self.image(try Self.key(cipher: cipher)), faults: [.lacksChipAuthenticationKey])
        let report = await Self.read(chip)
        #expect(report.reading.passiveAuthentication.outcome == .passed)
        #expect(report.reading.chipAuthentication.outcome == .failed)
        #expect(report.reading.chipAuthentication.method == "CA")
        #expect(report.reading.chipAuthentication.detail.hasPrefix("the chip could not prove it holds DG14's private key"))
        #expect(report.steps.contains { $0.outcome == .failed && $0.text.hasPrefix("Chip Authentication: the chip could not prove") })
    }

    @Test("a chip that refuses the key agreement fails CA, never passes it", arguments: [("3DES", "MSE:Set KAT"), ("AES-128", "MSE:Set AT")])
    func refused(cipher: String, command: String) async throws {
        let chip = SimulatedPassport(image: try Self.image(try Self.key(cipher: cipher)), faults: [.refusesChipAuthentication])
        let report = await Self.read(chip)
        #expect(report.reading.read)
        #expect(report.reading.chipAuthentication.outcome == .failed)
        #expect(report.reading.chipAuthentication.detail.hasPrefix("the chip refused \(command)"), "\(report.reading.chipAuthentication.detail)")
        #expect(report.reading.chipAuthentication.detail.contains("6A80"))
    }

    @Test("DG14 matches an info to its key by key id; an id on the info alone still finds the only key; an id naming no key is malformed")
    func keyIdMatching() throws {
        let key = try Self.key(12, cipher: "AES-128", keyId: 9)
        let keyInfo = try key.securityInfos()[1]
        let unnamedKey = try Self.key(12, cipher: "AES-128").securityInfos()[1]
        let info = { (id: Int) in ChipAuthenticationInfo.elliptic(cipher: "AES-128", keyId: id)!.encoded }
        guard case .run(let offer) = try DataGroup14(DataGroup14.encode(infos: [info(9), unnamedKey, keyInfo])).chipAuthentication else {
            Issue.record("no offer")
            return
        }
        #expect(offer.info.keyId == 9)
        guard case .elliptic(let found) = offer.key else {
            Issue.record("not the elliptic key")
            return
        }
        #expect(found.point.x == Array(key.publicKey[1...32]))
        guard case .run = try DataGroup14(DataGroup14.encode(infos: [info(4), unnamedKey])).chipAuthentication else {
            Issue.record("the only key was not found")
            return
        }
        guard case .malformed(let reason) = try DataGroup14(DataGroup14.encode(infos: [info(4), keyInfo])).chipAuthentication else {
            Issue.record("a key id naming no key was accepted")
            return
        }
        #expect(reason.contains("with key id 4"))
    }

    @Test("a chip without the DG14 that EF.SOD lists fails CA rather than offering none")
    func missingDataGroup14() async throws {
        var image = try Self.image(try Self.key())
        image.files[try #require(ChipFile.dataGroup(14)).identifier] = nil
        let report = await Self.read(SimulatedPassport(image: image))
        #expect(report.reading.dataGroups == [1, 2])
        #expect(report.reading.chipAuthentication.outcome == .failed)
        #expect(report.reading.chipAuthentication.detail == "EF.SOD lists DG14 but it could not be read, so Chip Authentication could not run")
    }

    @Test("CA is preferred to AA when the chip offers both")
    func preferredToActiveAuthentication() async throws {
        let chip = SimulatedPassport(image: try Self.image(try Self.key(), activeAuthentication: try DocumentSigningKey.generate(.p256)))
        let report = await Self.read(chip)
        #expect(report.reading.dataGroups == [1, 2, 14, 15])
        #expect(report.reading.passiveAuthentication.outcome == .passed)
        #expect(report.reading.chipAuthentication.outcome == .passed)
        #expect(report.reading.chipAuthentication.method == "CA")
        #expect(await !chip.received.contains { $0.ins == 0x88 })
    }

    /// DG14 holding `infos` signed into EF.SOD, as an issuer would have written it.
    static func image(dataGroup14 infos: [[UInt8]], activeAuthentication: DocumentSigningKey? = nil) throws -> PassportImage {
        var image = try PassportImage.genuine(mrzLines: PassportFixtures.mrzLines, face: PassportFixtures.face(), pki: PassportFixtures.pki,
                                              activeAuthenticationKey: activeAuthentication)
        var groups: [Int: [UInt8]] = [:]
        for number in 1...16 {
            if let file = ChipFile.dataGroup(number), let bytes = image.files[file.identifier] { groups[number] = bytes }
        }
        groups[14] = DataGroup14.encode(infos: infos)
        image.files[try #require(ChipFile.dataGroup(14)).identifier] = groups[14]
        image.files[ChipFile.common.identifier] = CommonData.encode(dataGroups: Array(groups.keys))
        image.files[ChipFile.securityObject.identifier] = try PassportFixtures.pki.securityObjectBuilder.build(dataGroups: groups)
        return image
    }

    static let caInfo = ChipAuthenticationInfo.elliptic(cipher: "AES-128")!.encoded

    /// A P-256 key info with `publicKey` and the given parameters in place of the curve's.
    static func keyInfo(publicKey: [UInt8], parameters: [UInt8]) -> [UInt8] {
        let algorithm = TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode("1.2.840.10045.2.1")!) + parameters)
        let spki = TLV.encode(tag: 0x30, value: algorithm + TLV.encode(tag: 0x03, value: [0x00] + publicKey))
        return TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode("0.4.0.127.0.7.2.2.1.2")!) + spki)
    }

    static let p256 = TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode("1.2.840.10045.3.1.7")!)

    static let malformedKeys: [(String, [UInt8])] = [
        ("a point not on the curve", keyInfo(publicKey: [0x04] + [UInt8](repeating: 0x11, count: 64), parameters: p256)),
        ("a point of the wrong length", keyInfo(publicKey: [0x04] + [UInt8](repeating: 0x11, count: 40), parameters: p256)),
        ("a compressed point", keyInfo(publicKey: [0x02] + [UInt8](repeating: 0x11, count: 32), parameters: p256)),
        ("an oversized point", keyInfo(publicKey: [0x04] + [UInt8](repeating: 0x11, count: 600), parameters: p256)),
        ("domain parameters that are not ECParameters",
         keyInfo(publicKey: [0x04] + [UInt8](repeating: 0x11, count: 64), parameters: TLV.encode(tag: 0x30, value: [0x02, 0x01, 0x01]))),
        ("a truncated SubjectPublicKeyInfo", TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode("0.4.0.127.0.7.2.2.1.2")!) + [0x30, 0x00])),
    ]

    @Test("a malformed DG14 key: CA fails saying the key is malformed, the read goes on", arguments: Self.malformedKeys.indices)
    func malformedKey(index: Int) async throws {
        let (what, info) = Self.malformedKeys[index]
        let report = await Self.read(SimulatedPassport(image: try Self.image(dataGroup14: [Self.caInfo, info])))
        #expect(report.reading.read, "\(what): \(report.steps)")
        #expect(report.reading.passiveAuthentication.outcome == .passed)
        #expect(report.reading.chipAuthentication.outcome == .failed, "\(what)")
        #expect(report.reading.chipAuthentication.detail.contains("DG14's Chip Authentication key is malformed")
                    || report.reading.chipAuthentication.detail.contains("malformed domain parameters"), "\(what): \(report.reading.chipAuthentication.detail)")
    }

    @Test("explicit parameters of a curve that is not standard, or an unknown curve: not checked, saying why; AA instead when DG15 is there")
    func unsupportedKeys() async throws {
        let key = try Self.key(12, cipher: "AES-128")
        var domain = try #require(try key.curve?.curve?.domainParameters)
        domain.b[domain.b.count - 1] ^= 0x01
        let field = TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode("1.2.840.10045.1.1")!) + TLV.encode(tag: 0x02, value: [0] + domain.prime))
        let coefficients = TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x04, value: domain.a) + TLV.encode(tag: 0x04, value: domain.b))
        let explicit = TLV.encode(tag: 0x30, value: [0x02, 0x01, 0x01] + field + coefficients + TLV.encode(tag: 0x04, value: domain.generator)
                                  + TLV.encode(tag: 0x02, value: [0] + domain.order))
        let sect = TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode("1.3.132.0.16")!)
        let variants: [([[UInt8]], String)] = [
            ([Self.caInfo, Self.keyInfo(publicKey: key.publicKey, parameters: explicit)], "not a standard curve"),
            ([Self.caInfo, Self.keyInfo(publicKey: key.publicKey, parameters: sect)], "curve 1.3.132.0.16, which this reader does not know"),
        ]
        for (infos, reason) in variants {
            let report = await Self.read(SimulatedPassport(image: try Self.image(dataGroup14: infos)))
            #expect(report.reading.read)
            #expect(report.reading.chipAuthentication.outcome == .notChecked)
            #expect(report.reading.chipAuthentication.detail.contains(reason), "\(report.reading.chipAuthentication.detail)")
        }
        // With DG15 as well, Active Authentication runs instead.
        let withActive = try Self.image(dataGroup14: variants[1].0, activeAuthentication: try DocumentSigningKey.generate(.p256))
        let report = await Self.read(SimulatedPassport(image: withActive))
        #expect(report.reading.chipAuthentication.outcome == .passed)
        #expect(report.reading.chipAuthentication.method == "AA")
        #expect(report.steps.contains { $0.text.hasPrefix("Chip Authentication is not run (DG14's Chip Authentication key is on curve 1.3.132.0.16") })
    }

    @Test("20000 mutations of real and built DG14s never trap the Chip Authentication parser")
    func mutations() throws {
        var seeds = [try DataGroup14.encode(infos: try Self.key(13, cipher: "AES-128", keyId: 7).securityInfos())]
        seeds.append(DataGroup14.encode(infos: try Self.key(18, cipher: "3DES", explicit: false).securityInfos()))
        seeds += ChipAuthenticationRecordedTests.recordings.map { hex($0.dataGroup14) }
        var generator = SeededGenerator(seed: 22)
        var offers = 0
        for round in 0..<20000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0...Int.random(in: 0...3, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] ^= UInt8.random(in: 1...255, using: &generator)
                case 1: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...8, using: &generator)))
                default: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
                }
                if bytes.isEmpty { bytes = [0x6E] }
            }
            if case .run = (try? DataGroup14(bytes))?.chipAuthentication { offers += 1 }
        }
        #expect(offers > 0, "some mutations keep a usable offer (bytes outside the key)")
    }
}
