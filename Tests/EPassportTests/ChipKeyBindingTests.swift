import DocumentSecurity
import EPassport
import LaneModel
import Testing

/// A chip is genuine only with the issuer's key: a copy that carries a key pair of its own (its
/// own DG14 or DG15 beside the original EF.SOD) answers Chip or Active Authentication perfectly,
/// and only passive authentication of that data group tells it from the original.
@Suite("Chip authenticity is bound to the issuer's signature over DG14 and DG15")
struct ChipKeyBindingTests {
    static func chipKey() throws -> ChipAuthenticationKey {
        try ChipAuthenticationKey.generate(curve: try #require(StandardCurve.withParameter(12)), cipher: "AES-128")
    }

    static func read(_ image: PassportImage, trust: CSCATrustList = PassportFixtures.trust) async -> ChipReport {
        await PassportReader(trust: trust).read(SimulatedPassport(image: image), key: PassportFixtures.key(), at: PassportFixtures.readAt)
    }

    @Test("A copy with its own Chip Authentication key in its own DG14 proves that key, and fails as not the issuer's")
    func ownChipAuthenticationKey() async throws {
        let genuine = try PassportImage.genuine(mrzLines: PassportFixtures.mrzLines, face: PassportFixtures.face(), pki: PassportFixtures.pki,
                                                chipAuthenticationKey: try Self.chipKey())
        let original = await Self.read(genuine)
        #expect(original.reading.chipAuthentication.outcome == .passed, "\(original.steps)")

        var copy = genuine
        let forgersKey = try Self.chipKey()
        copy.chipAuthenticationKey = forgersKey
        copy.files[try #require(ChipFile.dataGroup(14)).identifier] = DataGroup14.encode(infos: try forgersKey.securityInfos())
        let report = await Self.read(copy)
        let check = report.reading.chipAuthentication
        #expect(check.outcome == .failed, "\(report.steps)")
        #expect(check.method == "CA")
        #expect(check.detail.contains("is not the one EF.SOD signed"), "\(check.detail)")
        #expect(report.reading.passiveAuthentication.outcome == .failed)
        #expect(report.steps.contains { $0.outcome == .passed && $0.text.hasPrefix("Chip Authentication") }, "the key agreement itself succeeded: \(report.steps)")
    }

    @Test("A copy with its own Active Authentication key in its own DG15 signs the challenge, and fails as not the issuer's")
    func ownActiveAuthenticationKey() async throws {
        let genuine = try PassportImage.genuine(mrzLines: PassportFixtures.mrzLines, face: PassportFixtures.face(), pki: PassportFixtures.pki,
                                                activeAuthenticationKey: try DocumentSigningKey.generate(.p256))
        var copy = genuine
        let forgersKey = try DocumentSigningKey.generate(.p256)
        copy.activeAuthenticationKey = forgersKey
        copy.files[try #require(ChipFile.dataGroup(15)).identifier] = ActiveAuthentication.dataGroup15(for: forgersKey)
        let report = await Self.read(copy)
        let check = report.reading.chipAuthentication
        #expect(check.outcome == .failed, "\(report.steps)")
        #expect(check.method == "AA")
        #expect(check.detail.contains("DG15"), "\(check.detail)")
    }

    @Test("Without a trust list a chip's key is not proved the issuer's: not checked, never passed")
    func unanchored() async throws {
        let genuine = try PassportImage.genuine(mrzLines: PassportFixtures.mrzLines, face: PassportFixtures.face(), pki: PassportFixtures.pki,
                                                chipAuthenticationKey: try Self.chipKey())
        let report = await Self.read(genuine, trust: .empty)
        let check = report.reading.chipAuthentication
        #expect(check.outcome == .notChecked, "\(report.steps)")
        #expect(check.method == "CA")
        #expect(check.detail.contains("not proved to be the issuer's"), "\(check.detail)")
    }
}
