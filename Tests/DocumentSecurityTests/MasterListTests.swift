import DocumentSecurity
import Foundation
import Testing

/// CSCA trust lists from ICAO master lists: the list's signature and its signer's issuer are checked.
@Suite("ICAO master lists")
struct MasterListTests {
    static let issued = BuiltPassportTests.issued
    static let checked = BuiltPassportTests.checked
    static let groups = BuiltPassportTests.dataGroups

    @Test("A master list of two countries' CSCAs loads both, and a SOD under either passes")
    func loads() throws {
        let utopia = try TestDocumentPKI.generate(country: "UT", notBefore: Self.issued)
        let other = try TestDocumentPKI.generate(country: "XO", kind: .brainpoolP256r1, notBefore: Self.issued)
        let list = try CSCATrustList.masterList(try utopia.masterList(of: [utopia.csca, other.csca]))
        #expect(list.count == 2)
        #expect(list.skipped == [])
        for pki in [utopia, other] {
            let sod = try pki.securityObjectBuilder.build(dataGroups: Self.groups)
            let report = PassiveAuthentication.verify(sodBytes: sod, dataGroups: Self.groups, trust: list, at: Self.checked)
            #expect(report.outcome == .passed, "\(report.failures)")
        }
        // Checked against anchors given: the signer's CSCA must be among them.
        #expect(try CSCATrustList.masterList(try utopia.masterList(of: [other.csca]), anchors: try utopia.trustList).count == 1)
        #expect(throws: DocumentSecurityError.self) { try CSCATrustList.masterList(try utopia.masterList(of: [other.csca])) }
    }

    @Test("A master list with a byte changed in its content, or signed under a CSCA not in it, is refused with LA-DOCSEC-003")
    func refused() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        var list = try pki.masterList()
        // The CSCA's own signature value sits inside the content, near its end; the content's digest then differs.
        let content = list.count / 3
        list[content] ^= 0x01
        do {
            _ = try CSCATrustList.masterList(list)
            Issue.record("an altered master list loaded")
        } catch let error as DocumentSecurityError {
            #expect(error.code == "LA-DOCSEC-003")
        }
        let stranger = try TestDocumentPKI.generate(notBefore: Self.issued)
        do {
            _ = try CSCATrustList.masterList(try pki.masterList(), anchors: try stranger.trustList)
            Issue.record("a master list loaded under anchors that did not issue its signer")
        } catch let error as DocumentSecurityError {
            #expect(error.message.contains("the master list signer CN=Test Master List Signer,O=LaneAgent test PKI,C=UT is not issued by any CSCA in the anchors given"))
        }
        #expect(throws: DocumentSecurityError.self) { try CSCATrustList.masterList([0x30, 0x80]) }
        #expect(throws: DocumentSecurityError.self) { try CSCATrustList.masterList(try pki.securityObjectBuilder.build(dataGroups: Self.groups)) }
    }

    @Test("Merging lists keeps each CSCA once")
    func merging() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        let other = try TestDocumentPKI.generate(country: "XO", notBefore: Self.issued)
        let merged = try pki.trustList.merging(try CSCATrustList(certificates: [pki.csca, other.csca]))
        #expect(merged.count == 2)
    }
}
