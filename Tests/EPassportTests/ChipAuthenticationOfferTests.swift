import EPassport
import Testing

/// Which of DG14's Chip Authentication offers a reader runs, and with which key id.
@Suite("Chip Authentication offers in DG14")
struct ChipAuthenticationOfferTests {
    static let curve = StandardCurve.withParameter(12)!

    /// DG14 parsed back from `infos` (each a SecurityInfo's DER).
    static func choice(_ infos: [[UInt8]]) throws -> ChipAuthenticationOffer.Choice {
        try DataGroup14(DataGroup14.encode(infos: infos)).chipAuthentication
    }

    static func publicKeyInfo(keyId: Int?) throws -> [UInt8] {
        let key = try ChipAuthenticationKey.generate(curve: curve, cipher: "AES-128")
        return try ChipAuthenticationPublicKeyInfo.encode(curve: curve, publicKey: key.publicKey, explicitParameters: false, keyId: keyId)
    }

    static func info(version: Int = 1, keyId: Int? = nil) throws -> [UInt8] {
        try #require(ChipAuthenticationInfo(protocolIdentifier: "0.4.0.127.0.7.2.2.3.2.2", version: version, keyId: keyId)).encoded
    }

    @Test("An info without a key id runs with the chip's only key, and MSE names that key's own id")
    func keyIdFromTheKey() throws {
        guard case .run(let offer) = try Self.choice([try Self.info(), try Self.publicKeyInfo(keyId: 7)]) else {
            Issue.record("the offer is not run")
            return
        }
        #expect(offer.keyId == 7)
        #expect(offer.info.keyId == nil)
    }

    @Test("An info without a key id beside two keys of its kind is malformed: the reader does not guess")
    func ambiguousKey() throws {
        let choice = try Self.choice([try Self.info(), try Self.publicKeyInfo(keyId: 1), try Self.publicKeyInfo(keyId: 2)])
        guard case .malformed(let reason) = choice else {
            Issue.record("expected malformed, got \(choice)")
            return
        }
        #expect(reason.contains("holds 2 keys"), "\(reason)")
    }

    @Test("Only version 2 offered (TR-03110's, which derives keys otherwise) is not run, saying so; beside version 1, version 1 runs")
    func versions() throws {
        let onlyTwo = try Self.choice([try Self.info(version: 2), try Self.publicKeyInfo(keyId: nil)])
        guard case .notRun(let reason) = onlyTwo else {
            Issue.record("expected not run, got \(onlyTwo)")
            return
        }
        #expect(reason.contains("version 2 only"), "\(reason)")
        let both = try Self.choice([try Self.info(version: 2), try Self.info(version: 1), try Self.publicKeyInfo(keyId: nil)])
        guard case .run(let offer) = both else {
            Issue.record("expected version 1 to run, got \(both)")
            return
        }
        #expect(offer.info.version == 1)
    }
}
