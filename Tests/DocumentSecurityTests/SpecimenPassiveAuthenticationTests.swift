import DocumentSecurity
import Foundation
import Testing

/// Passive authentication over EF.SOD files and data groups that no one here produced: the BSI
/// and ETSI specimen passports (Fixtures/SOURCES.md). Their CSCAs are not public, so the trust
/// list is empty: the SOD's own signature by its document signer and every hash are proved,
/// and the outcome is "not checked" for want of an anchor, never "passed".
@Suite("Passive authentication of third-party specimen passports")
struct SpecimenPassiveAuthenticationTests {
    @Test("A specimen's EF.SOD parses, its signature by the document signer verifies and each published data group hashes to its value", arguments: SpecimenFixtures.specimens)
    func specimenProves(_ specimen: SpecimenFixtures.Specimen) throws {
        let sod = try SecurityObject(der: try specimen.sod())
        #expect(sod.hashAlgorithm == .sha256)
        #expect(Set(specimen.dataGroups).isSubset(of: Set(sod.dataGroups)))
        let report = PassiveAuthentication.verify(sod: sod, dataGroups: try specimen.groups(), trust: .empty, at: specimen.day)
        #expect(report.failures == [])
        #expect(report.outcome == .notChecked)
        #expect(report.steps.contains { $0.hasPrefix("ok: EF.SOD's signature verifies: RSASSA-PSS with SHA-256") })
        for number in specimen.dataGroups {
            #expect(report.steps.contains("ok: DG\(number)'s SHA-256 hash matches EF.SOD"))
        }
        #expect(report.check.outcome == .notChecked)
    }
}
