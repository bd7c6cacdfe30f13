import Foundation

/// Passive authentication (ICAO 9303 part 11, 5.1): EF.SOD is signed by a document signer whose
/// certificate a trusted CSCA issued, both valid at the time given, the signer not revoked, and
/// every data group read hashes to the value EF.SOD lists.
public enum PassiveAuthentication {
    /// Checks `sod` against the data groups read (by number, each the whole file with its tag)
    /// and `trust` at `time`. Never throws: every failure is a step of a failed report.
    public static func verify(sod: SecurityObject, dataGroups: [Int: [UInt8]], trust: CSCATrustList, at time: Date) -> PassiveAuthenticationReport {
        var report = PassiveAuthenticationReport(outcome: .failed, steps: [], failures: [], failedDataGroups: [], signer: nil, anchor: nil)
        report.proved("EF.SOD read: \(sod.hashAlgorithm.rawValue) hashes of \(sod.dataGroups.map { "DG\($0)" }.joined(separator: ", "))")
        var anchored = false
        if let signer = sod.documentSigner {
            report.signer = signer.subject.description
            checkSignature(sod, signer, &report)
            checkValidity(signer, "the document signer certificate", time, &report)
            anchored = checkChain(signer, trust, time, &report)
        } else {
            report.failed("EF.SOD carries no document signer certificate for its signer, so its signature cannot be checked")
        }
        checkHashes(sod, dataGroups, &report)
        if !report.failures.isEmpty {
            report.outcome = .failed
        } else {
            report.outcome = anchored ? .passed : .notChecked
        }
        return report
    }

    /// Parses `sodBytes` and checks them; a SOD that cannot be parsed is a failed report saying why.
    public static func verify(sodBytes: [UInt8], dataGroups: [Int: [UInt8]], trust: CSCATrustList, at time: Date) -> PassiveAuthenticationReport {
        do {
            return verify(sod: try SecurityObject(der: sodBytes), dataGroups: dataGroups, trust: trust, at: time)
        } catch {
            var report = PassiveAuthenticationReport(outcome: .failed, steps: [], failures: [], failedDataGroups: [], signer: nil, anchor: nil)
            let message = (error as? DocumentSecurityError)?.message ?? "\(error)"
            report.failed("EF.SOD cannot be read: \(message)")
            return report
        }
    }

    private static func checkSignature(_ sod: SecurityObject, _ signer: DocumentCertificate, _ report: inout PassiveAuthenticationReport) {
        switch sod.signedData.verifySignature(with: signer, what: "EF.SOD") {
        case .success(let text): report.proved(text + " (document signer \(signer.subject), serial \(signer.serialHex))")
        case .failure(let problem): report.failed(problem.text)
        }
    }

    private static func checkValidity(_ certificate: DocumentCertificate, _ what: String, _ time: Date, _ report: inout PassiveAuthenticationReport) {
        let at = DERTime.day(time)
        if time < certificate.notBefore {
            report.failed("\(what) is not valid yet at \(at): \(certificate.validityDescription)")
        } else if time > certificate.notAfter {
            report.failed("\(what) expired before \(at): \(certificate.validityDescription)")
        } else {
            report.proved("\(what) is \(certificate.validityDescription)")
        }
    }

    /// Finds the CSCA that issued `signer`; true when one in `trust` did.
    private static func checkChain(_ signer: DocumentCertificate, _ trust: CSCATrustList, _ time: Date, _ report: inout PassiveAuthenticationReport) -> Bool {
        guard trust.count > 0 else {
            report.noted("no CSCA trust list is loaded: the document signer (issued by \(signer.issuer)) is not anchored")
            return false
        }
        let named = trust.issuers(of: signer)
        guard !named.isEmpty else {
            let keyID = signer.authorityKeyIdentifier.map { ", authority key \($0.map { String(format: "%02X", $0) }.joined())" } ?? ""
            report.failed("no CSCA in the trust list (\(trust.count) certificates) issued the document signer: its issuer is \(signer.issuer)\(keyID)")
            return false
        }
        var problems: [String] = []
        for csca in named {
            switch signer.verifyIssued(by: csca) {
            case .success:
                report.anchor = csca.subject.description
                report.proved("the document signer certificate is signed by CSCA \(csca.subject) (\(signer.signatureAlgorithm))")
                checkValidity(csca, "the CSCA certificate", time, &report)
                checkRevocation(signer, csca, trust, time, &report)
                return true
            case .failure(let failure):
                problems.append("CSCA \(csca.subject) serial \(csca.serialHex): \(failure)")
            }
        }
        report.failed("the document signer certificate's signature does not verify with any CSCA of its name: " + problems.joined(separator: "; "))
        return false
    }

    private static func checkRevocation(_ signer: DocumentCertificate, _ csca: DocumentCertificate, _ trust: CSCATrustList, _ time: Date,
                                        _ report: inout PassiveAuthenticationReport) {
        let crls = trust.crls(from: csca)
        guard !crls.isEmpty else {
            report.noted("no CRL from CSCA \(csca.subject) was given: revocation not checked")
            return
        }
        for crl in crls {
            if let date = crl.revoked[signer.serialNumber] {
                let since = DERTime.day(date)
                report.failed("the document signer certificate (serial \(signer.serialHex)) is revoked since \(since) by the CSCA's CRL of \(DERTime.day(crl.thisUpdate))")
                return
            }
        }
        let newest = crls.max { $0.thisUpdate < $1.thisUpdate }
        let latest = newest.map { DERTime.day($0.thisUpdate) } ?? "?"
        report.proved("the document signer certificate is not on the CSCA's CRL (of \(latest))")
        // A CRL past its next update still lists what it lists; it only cannot speak for the
        // time since. Said, not failed: states publish late, and the signature and chain still hold.
        if let due = newest?.nextUpdate, due < time {
            report.noted("the CSCA's newest CRL (of \(latest)) was due to be replaced on \(DERTime.day(due)): a revocation since would not be seen; "
                + "bring the reference data's CRLs up to date")
        }
    }

    private static func checkHashes(_ sod: SecurityObject, _ dataGroups: [Int: [UInt8]], _ report: inout PassiveAuthenticationReport) {
        guard !dataGroups.isEmpty else {
            report.failed("no data group was given to check against EF.SOD")
            return
        }
        for number in dataGroups.keys.sorted() {
            guard let expected = sod.dataGroupHashes[number] else {
                report.failed("DG\(number) was read but EF.SOD lists no hash for it")
                report.failedDataGroups.append(number)
                continue
            }
            if sod.hashAlgorithm.hash(dataGroups[number] ?? []) == expected {
                report.proved("DG\(number)'s \(sod.hashAlgorithm.rawValue) hash matches EF.SOD")
            } else {
                report.failed("DG\(number)'s hash does not match EF.SOD: the data group was altered or misread")
                report.failedDataGroups.append(number)
            }
        }
        let unread = sod.dataGroups.filter { dataGroups[$0] == nil }
        if !unread.isEmpty {
            report.noted("listed in EF.SOD but not read: \(unread.map { "DG\($0)" }.joined(separator: ", "))")
        }
    }
}
