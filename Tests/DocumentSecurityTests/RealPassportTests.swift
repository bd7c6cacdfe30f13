import DocumentSecurity
import Foundation
import Testing

/// EF.SOD read from twelve countries' real passports and the German BSI master list, as the
/// gmrtd project publishes them (Fixtures/SOURCES.md): the SOD's signature by its document
/// signer and the signer's chain to a CSCA from the master list are proved. No data groups
/// are published with them, so the one failure left is exactly that.
@Suite("Passive authentication of real passports' EF.SOD against the German master list")
struct RealPassportTests {
    static let countries = ["AT", "DE", "FI", "FR", "ID", "MY", "NZ", "PH", "RU", "SG", "UK", "US"]

    static let trust: CSCATrustList? = {
        guard let masterList = try? SpecimenFixtures.bytes("gmrtd/DE_ML_2026-05-28-08-28-45.ml"),
            let root = try? SpecimenFixtures.bytes("gmrtd/csca/DE_ROOT_CA_CSCA07.cer"),
            let anchors = try? CSCATrustList(certificates: [root])
        else { return nil }
        let indonesia = ["2010-12_CSCA", "2016-01_CSCA", "2016-01_CSCA_LINK", "2020-10_CSCA", "2020-10_CSCA_LINK"].compactMap {
            try? SpecimenFixtures.bytes("gmrtd/csca/IDN_\($0).cer")
        }
        guard let list = try? CSCATrustList.masterList(masterList, anchors: anchors), let extra = try? CSCATrustList(certificates: indonesia) else { return nil }
        return list.merging(extra)
    }()

    @Test("The German master list loads, checked against the German CSCA that issued its signer")
    func masterList() throws {
        let trust = try #require(Self.trust)
        #expect(trust.count > 500, "\(trust.count)")
    }

    @Test("A real passport's EF.SOD verifies and chains to a CSCA of the master list", arguments: countries)
    func chains(_ country: String) throws {
        let trust = try #require(Self.trust)
        let sod = try SecurityObject(der: try SpecimenFixtures.bytes("gmrtd/sod/\(country).bin"))
        let signer = try #require(sod.documentSigner)
        let report = PassiveAuthentication.verify(sod: sod, dataGroups: [:], trust: trust, at: signer.notBefore.addingTimeInterval(86_400))
        #expect(report.failures == ["no data group was given to check against EF.SOD"], "\(report.steps)")
        #expect(report.anchor != nil)
        #expect(report.steps.contains { $0.hasPrefix("ok: EF.SOD's signature verifies") })
    }
}
