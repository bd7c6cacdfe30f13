import DocumentSecurity
import Foundation
import Testing

/// A SOD whose chain, validity or revocation does not hold fails, saying exactly what.
@Suite("Passive authentication: chains that do not hold")
struct ChainFailureTests {
    static let issued = BuiltPassportTests.issued
    static let checked = BuiltPassportTests.checked
    static let groups = BuiltPassportTests.dataGroups

    static func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "T12:00:00Z")! }

    @Test("A document signer certificate expired or not yet valid at the time of the check fails, naming its dates")
    func validity() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        let sod = try pki.securityObjectBuilder.build(dataGroups: Self.groups)
        let trust = try pki.trustList
        let early = PassiveAuthentication.verify(sodBytes: sod, dataGroups: Self.groups, trust: trust, at: Self.day("2025-01-01"))
        #expect(early.outcome == .failed)
        #expect(early.failures.contains("the document signer certificate is not valid yet at 2025-01-01: valid 2025-06-15 to 2035-06-15"))
        #expect(early.failures.contains("the CSCA certificate is not valid yet at 2025-01-01: valid 2025-06-15 to 2035-06-15"))
        let late = PassiveAuthentication.verify(sodBytes: sod, dataGroups: Self.groups, trust: trust, at: Self.day("2036-01-01"))
        #expect(late.outcome == .failed)
        #expect(late.failures.first == "the document signer certificate expired before 2036-01-01: valid 2025-06-15 to 2035-06-15")
    }

    @Test("A document signer from a CSCA that is not in the trust list fails, naming its issuer, even when another CSCA has the same name")
    func unknownCSCA() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        let stranger = try TestDocumentPKI.generate(notBefore: Self.issued)
        let sod = try pki.securityObjectBuilder.build(dataGroups: Self.groups)
        let report = PassiveAuthentication.verify(sodBytes: sod, dataGroups: Self.groups, trust: try stranger.trustList, at: Self.checked)
        #expect(report.outcome == .failed)
        #expect(report.anchor == nil)
        #expect(report.failures.count == 1)
        let expected = "no CSCA in the trust list (1 certificates) issued the document signer: its issuer is CN=Test CSCA,O=LaneAgent test PKI,C=UT, authority key "
        #expect(report.failures[0].hasPrefix(expected))
        // The signature and hashes still verified: the report says what held and what did not.
        #expect(report.steps.contains { $0.hasPrefix("ok: EF.SOD's signature verifies") })
    }

    @Test("A CRL from the CSCA that lists the document signer fails the check; one that does not is proved")
    func revocation() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        let sod = try pki.securityObjectBuilder.build(dataGroups: Self.groups)
        let revoking = try pki.revocationList(revoking: [[0x01, 0x02]], thisUpdate: Self.day("2026-01-10"))
        let report = PassiveAuthentication.verify(
            sodBytes: sod, dataGroups: Self.groups, trust: try CSCATrustList(certificates: [pki.csca], crls: [revoking]), at: Self.checked)
        #expect(report.outcome == .failed)
        #expect(report.failures == ["the document signer certificate (serial 0102) is revoked since 2026-01-10 by the CSCA's CRL of 2026-01-10"])

        let clean = try pki.revocationList(revoking: [[0x09]], thisUpdate: Self.day("2026-01-10"))
        let passed = PassiveAuthentication.verify(
            sodBytes: sod, dataGroups: Self.groups, trust: try CSCATrustList(certificates: [pki.csca], crls: [clean]), at: Self.checked)
        #expect(passed.outcome == .passed)
        #expect(passed.steps.contains("ok: the document signer certificate is not on the CSCA's CRL (of 2026-01-10)"))
    }

    @Test("A CRL past its next update still proves what it lists, and the report says it is out of date; a current one says nothing more")
    func staleRevocationList() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        let sod = try pki.securityObjectBuilder.build(dataGroups: Self.groups)
        // The test PKI's CRLs are due for replacement 90 days after they are issued.
        let stale = try pki.revocationList(revoking: [[0x09]], thisUpdate: Self.day("2026-01-10"))
        let report = PassiveAuthentication.verify(
            sodBytes: sod, dataGroups: Self.groups, trust: try CSCATrustList(certificates: [pki.csca], crls: [stale]), at: Self.day("2026-05-28"))
        #expect(report.outcome == .passed)
        let note = "note: the CSCA's newest CRL (of 2026-01-10) was due to be replaced on 2026-04-10: a revocation since would not be seen; "
            + "bring the reference data's CRLs up to date"
        #expect(report.steps.contains(note), "\(report.steps)")

        let current = try pki.revocationList(revoking: [[0x09]], thisUpdate: Self.day("2026-05-01"))
        let fresh = PassiveAuthentication.verify(
            sodBytes: sod, dataGroups: Self.groups, trust: try CSCATrustList(certificates: [pki.csca], crls: [stale, current]), at: Self.day("2026-05-28"))
        #expect(fresh.outcome == .passed)
        #expect(!fresh.steps.contains { $0.contains("was due to be replaced") }, "\(fresh.steps)")
        #expect(fresh.steps.contains("ok: the document signer certificate is not on the CSCA's CRL (of 2026-05-01)"))
    }

    @Test("A CRL no listed CSCA signed, or one that is not a CRL, makes the trust list refuse to load")
    func foreignCRL() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        let stranger = try TestDocumentPKI.generate(notBefore: Self.issued)
        let foreign = try stranger.revocationList(revoking: [[0x01, 0x02]], thisUpdate: Self.day("2026-01-10"))
        #expect(throws: DocumentSecurityError.self) { try CSCATrustList(certificates: [pki.csca], crls: [foreign]) }
        do {
            _ = try CSCATrustList(certificates: [pki.csca], crls: [foreign])
        } catch let error as DocumentSecurityError {
            #expect(error.code == "LA-DOCSEC-003")
            #expect(error.message.contains("CRL 1 from CN=Test CSCA,O=LaneAgent test PKI,C=UT is not signed by any CSCA in the list"))
        }
        #expect(throws: DocumentSecurityError.self) { try CSCATrustList(certificates: [pki.csca], crls: [[0x30, 0x00]]) }
        #expect(throws: DocumentSecurityError.self) { try CSCATrustList(certificates: [[0x30, 0x03, 0x02, 0x01, 0x01]]) }
    }

    @Test("A SOD signed by a key other than its document signer certificate's fails on the signature")
    func wrongSigningKey() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        var builder = pki.securityObjectBuilder
        builder.key = try DocumentSigningKey.generate(.p256)
        let report = PassiveAuthentication.verify(sodBytes: try builder.build(dataGroups: Self.groups), dataGroups: Self.groups, trust: try pki.trustList, at: Self.checked)
        #expect(report.outcome == .failed)
        #expect(report.failures == ["EF.SOD's signature (ECDSA with SHA-256, EC prime256v1 (256 bits)): the signature does not verify"])
    }

    @Test("A SOD without the document signer certificate fails, saying so")
    func noCertificate() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        var builder = pki.securityObjectBuilder
        builder.includesCertificate = false
        let sod = try SecurityObject(der: try builder.build(dataGroups: Self.groups))
        #expect(sod.documentSigner == nil)
        let report = PassiveAuthentication.verify(sod: sod, dataGroups: Self.groups, trust: try pki.trustList, at: Self.checked)
        #expect(report.outcome == .failed)
        #expect(report.failures == ["EF.SOD carries no document signer certificate for its signer, so its signature cannot be checked"])
    }

    @Test("A data group the SOD does not list fails, and one it lists but was not read is noted")
    func unlistedGroup() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        let sod = try pki.securityObjectBuilder.build(dataGroups: [1: [1], 2: [2]])
        let report = PassiveAuthentication.verify(sodBytes: sod, dataGroups: [1: [1], 11: [3]], trust: try pki.trustList, at: Self.checked)
        #expect(report.outcome == .failed)
        #expect(report.failedDataGroups == [11])
        #expect(report.failures == ["DG11 was read but EF.SOD lists no hash for it"])
        #expect(report.steps.last == "note: listed in EF.SOD but not read: DG2")
    }

    @Test("With no trust list, a good SOD is 'not checked', never 'passed'")
    func emptyTrust() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        let sod = try pki.securityObjectBuilder.build(dataGroups: Self.groups)
        let report = PassiveAuthentication.verify(sodBytes: sod, dataGroups: Self.groups, trust: .empty, at: Self.checked)
        #expect(report.outcome == .notChecked)
        #expect(report.check.outcome == .notChecked)
        #expect(report.check.detail.hasPrefix("no CSCA trust list"))
    }
}
