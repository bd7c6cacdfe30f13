import DocumentSecurity
import Foundation
import LaneModel

/// One run of `PassportReader`: the connection, what has been read and proved so far, and the
/// report it comes to. Failures that leave the session unusable (access, the card gone, broken
/// secure messaging) end it; a file that reads but does not parse is recorded as the read's
/// failure and the checks still run on what was read.
struct PassportReadSession {
    let reader: PassportReader
    var connection: ChipConnection
    let key: AccessKey
    let time: Date

    private var steps: [ChipStep] = []
    private var access = "none"
    private var failure: String?
    private var dataGroups: [Int: [UInt8]] = [:]
    private var securityObject: [UInt8]?
    /// The data groups EF.SOD signs: one it lists must not go missing unnoticed.
    private var signedDataGroups: Set<Int> = []
    private var document: DocumentRead?
    private var face: EvidenceItem?
    private var dataGroup14: DataGroup14?
    private var activeAuthenticationKey: [UInt8]?
    private var passive: PassiveAuthenticationReport?
    private var passiveCheck = ChipCheck(outcome: .notChecked, method: nil, detail: "the read stopped before passive authentication")
    private var chipCheck = ChipCheck(outcome: .notChecked, method: nil, detail: "the read stopped before chip authentication")

    init(reader: PassportReader, connection: ChipConnection, key: AccessKey, time: Date) {
        self.reader = reader
        self.connection = connection
        self.key = key
        self.time = time
    }

    var report: ChipReport {
        let reading = ChipRead(access: access, read: failure == nil, failure: failure, dataGroups: dataGroups.keys.sorted(), document: document,
                               passiveAuthentication: passiveCheck, chipAuthentication: chipCheck)
        return ChipReport(steps: steps, reading: reading, face: face, passiveAuthentication: passive)
    }

    mutating func run() async {
        do {
            try await gainAccess()
            try await readFiles()
            try await authenticateChip()
            authenticatePassively()
            bindChipKeyToIssuer()
        } catch {
            failure = error.message
            steps.append(ChipStep(.failed, error.message))
            if passive == nil { passiveCheck.detail = "the read stopped before passive authentication: \(error.message)" }
        }
    }

    // MARK: Access control

    private mutating func gainAccess() async throws(ChipError) {
        if let offer = try await paceOffer() {
            do {
                try await PACE.establish(on: &connection, key: key, offer: offer, random: reader.random)
                access = "PACE"
                steps.append(ChipStep(.passed, "PACE established (\(offer.summary)): \(key) opens the chip"))
            } catch {
                switch error.kind {
                case .accessDenied: throw error
                case .cardGone, .cancelled: throw error.during("PACE")
                default:
                    steps.append(ChipStep(.note, "PACE did not complete (\(error.message)); trying BAC"))
                    connection.secureMessaging = nil
                }
            }
        }
        let selected: ResponseAPDU
        do { selected = try await connection.send(.selectPassportApplication) } catch { throw error.during("selecting the eMRTD application") }
        guard selected.status == 0x9000 else {
            throw ChipError(.refused, "the chip has no eMRTD application: SELECT A0000002471001 answered \(selected.statusDescription)")
        }
        guard access == "none" else { return }
        do {
            try await BasicAccessControl.establish(on: &connection, key: key, random: reader.random)
        } catch {
            throw error.kind == .accessDenied ? error : error.during("BAC")
        }
        access = "BAC"
        steps.append(ChipStep(.passed, "BAC established: \(key) opens the chip; 3DES secure messaging from here"))
    }

    /// The PACE offer to run from EF.CardAccess, or nil (with a step saying why) for BAC.
    private mutating func paceOffer() async throws(ChipError) -> PACEInfo? {
        let bytes: [UInt8]?
        do {
            bytes = try await connection.read(.cardAccess)
        } catch {
            if error.kind == .cardGone || error.kind == .cancelled { throw error.during("EF.CardAccess") }
            steps.append(ChipStep(.note, "EF.CardAccess could not be read (\(error.message)); BAC"))
            return nil
        }
        guard let bytes else {
            steps.append(ChipStep(.note, "no EF.CardAccess: the chip offers no PACE; BAC"))
            return nil
        }
        do {
            let cardAccess = try CardAccess(bytes)
            let offers = cardAccess.paceOffers.map(\.summary).joined(separator: "; ")
            guard let offer = cardAccess.preferredOffer else {
                steps.append(ChipStep(.note, "EF.CardAccess offers \(offers.isEmpty ? "no PACE" : offers), none of which this reader runs; BAC"))
                return nil
            }
            steps.append(ChipStep(.note, "EF.CardAccess offers \(offers)"))
            return offer
        } catch {
            steps.append(ChipStep(.note, "EF.CardAccess is malformed (\(error)); BAC"))
            return nil
        }
    }

    // MARK: Files

    private mutating func readFiles() async throws(ChipError) {
        var listed: Set<Int> = [1]
        if let common = try await readFile(.common) {
            do {
                let contents = try CommonData(common)
                listed.formUnion(contents.dataGroups)
                steps.append(ChipStep(.passed, "EF.COM read: LDS \(contents.ldsVersion), data groups \(contents.dataGroups.map { "DG\($0)" }.joined(separator: ", "))"))
            } catch {
                steps.append(ChipStep(.note, "EF.COM is malformed (\(error)); the data groups are taken from EF.SOD"))
            }
        } else {
            steps.append(ChipStep(.note, "no EF.COM; the data groups are taken from EF.SOD"))
        }
        securityObject = try await readFile(.securityObject)
        if let securityObject {
            steps.append(ChipStep(.passed, "EF.SOD read (\(securityObject.count) bytes)"))
            if let listedBySOD = try? SecurityObject(der: securityObject).dataGroups {
                signedDataGroups = Set(listedBySOD)
                listed.formUnion(listedBySOD)
            }
        } else {
            steps.append(ChipStep(.failed, "the chip has no EF.SOD: nothing it holds can be proved"))
        }
        for number in [1, 2, 14, 15] where listed.contains(number) {
            guard let file = ChipFile.dataGroup(number) else { continue }
            guard let bytes = try await readFile(file) else {
                if number == 1 { throw ChipError(.refused, "the chip has no DG1, the MRZ every eMRTD holds") }
                steps.append(ChipStep(.note, "\(file) is listed but the chip has no such file"))
                continue
            }
            dataGroups[number] = bytes
            steps.append(ChipStep(.passed, "\(file) read (\(bytes.count) bytes)"))
            interpret(number, bytes)
        }
    }

    /// `file` read whole, nil when absent; any failure says which file.
    private mutating func readFile(_ file: ChipFile) async throws(ChipError) -> [UInt8]? {
        do {
            return try await connection.read(file)
        } catch {
            switch error.kind {
            case .cardGone: throw ChipError(.cardGone, "the card left the field while \(file) was read (\(error.message))")
            default: throw error.during(file.name)
            }
        }
    }

    private mutating func interpret(_ number: Int, _ bytes: [UInt8]) {
        do throws(TLVError) {
            switch number {
            case 1:
                let group = try DataGroup1(bytes)
                document = group.document(at: Timestamp(time), utcOffsetMinutes: reader.utcOffsetMinutes)
                if let document {
                    let checks = document.failedChecks.isEmpty ? "check digits valid" : "check digits failing: \(document.failedChecks.joined(separator: ", "))"
                    steps.append(ChipStep(document.failedChecks.isEmpty ? .passed : .failed, "DG1 holds a \(document.format) MRZ, \(checks)"))
                } else {
                    steps.append(ChipStep(.note, "DG1 holds a \(group.lines.count)-line MRZ of \(group.lines.first?.count ?? 0) characters, which is not read here"))
                }
            case 2:
                let image = try FaceImage(dataGroup2: bytes)
                face = EvidenceItem(role: "face", mediaType: image.mediaType, bytes: image.bytes, personal: true)
                steps.append(ChipStep(.passed, "DG2 holds a face image (\(image.mediaType), \(image.bytes.count) bytes), kept as sealed evidence"))
            case 14:
                dataGroup14 = try DataGroup14(bytes)
            case 15:
                activeAuthenticationKey = try DataGroup15(bytes).subjectPublicKeyInfo
            default:
                break
            }
        } catch {
            let message = "DG\(number) is malformed: \(error)"
            if failure == nil { failure = message }
            steps.append(ChipStep(.failed, message))
        }
    }

    // MARK: Checks

    private mutating func authenticateChip() async throws(ChipError) {
        if let dataGroup14 {
            switch dataGroup14.chipAuthentication {
            case .run(let offer):
                try await authenticateChip(offer)
                return
            case .malformed(let reason):
                chipCheck = ChipCheck(outcome: .failed, method: "CA", detail: reason)
                steps.append(ChipStep(.failed, "Chip Authentication: \(reason)"))
                return
            case .notRun(let reason):
                guard activeAuthenticationKey != nil else {
                    chipCheck = ChipCheck(outcome: .notChecked, method: nil, detail: "the chip offers Chip Authentication (DG14), which this reader does not run: \(reason)")
                    steps.append(ChipStep(.note, chipCheck.detail))
                    return
                }
                steps.append(ChipStep(.note, "Chip Authentication is not run (\(reason)); Active Authentication instead"))
            case .notOffered:
                break
            }
        } else if signedDataGroups.contains(14) && dataGroups[14] == nil && activeAuthenticationKey == nil {
            // A copy could leave DG14 out to dodge Chip Authentication; EF.SOD still lists it.
            chipCheck = ChipCheck(outcome: .failed, method: "CA", detail: "EF.SOD lists DG14 but it could not be read, so Chip Authentication could not run")
            steps.append(ChipStep(.failed, chipCheck.detail))
            return
        } else if dataGroups[14] != nil && activeAuthenticationKey == nil {
            chipCheck = ChipCheck(outcome: .notChecked, method: nil, detail: "DG14 is malformed, so whether the chip offers Chip Authentication is unknown")
            steps.append(ChipStep(.note, chipCheck.detail))
            return
        }
        guard let key = activeAuthenticationKey else {
            if signedDataGroups.contains(15) && dataGroups[15] == nil {
                chipCheck = ChipCheck(outcome: .failed, method: "AA", detail: "EF.SOD lists DG15 but it could not be read, so Active Authentication could not run")
            } else {
                chipCheck = ChipCheck(outcome: .notOffered, method: nil, detail: "the chip offers neither Active Authentication (no DG15) nor Chip Authentication (no DG14)")
            }
            steps.append(ChipStep(.note, chipCheck.detail))
            return
        }
        let challenge = reader.random(8)
        let answer: ResponseAPDU
        do {
            answer = try await connection.send(CommandAPDU(ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, expectedLength: 256))
        } catch {
            throw error.during("Active Authentication")
        }
        if answer.status == 0x9000 {
            chipCheck = ActiveAuthentication.verify(publicKeyInfo: key, challenge: challenge, signature: answer.data,
                                                    digest: dataGroup14?.activeAuthenticationAlgorithm.flatMap(Self.digest))
        } else {
            chipCheck = ChipCheck(outcome: .failed, method: "AA", detail: "the chip refused INTERNAL AUTHENTICATE: \(answer.statusDescription)")
        }
        steps.append(ChipStep(chipCheck.outcome == .passed ? .passed : .failed, "Active Authentication: \(chipCheck.detail)"))
    }

    /// Chip Authentication with `offer`; the chip's failure to answer under the new keys fails it.
    private mutating func authenticateChip(_ offer: ChipAuthenticationOffer) async throws(ChipError) {
        let what = "\(offer.info.summary) on \(offer.key.name)"
        steps.append(ChipStep(.note, "DG14 offers Chip Authentication (\(what))"))
        do {
            try await ChipAuthentication.run(on: &connection, offer: offer, random: reader.random, confirmation: ChipFile.dataGroup(14) ?? .common)
            chipCheck = ChipCheck(outcome: .passed, method: "CA", detail: "the chip proved it holds DG14's private key (\(what)); secure messaging goes on under the new keys")
        } catch {
            switch error.kind {
            case .cardGone, .cancelled: throw error.during("Chip Authentication")
            default: chipCheck = ChipCheck(outcome: .failed, method: "CA", detail: error.message)
            }
        }
        steps.append(ChipStep(chipCheck.outcome == .passed ? .passed : .failed, "Chip Authentication: \(chipCheck.detail)"))
    }

    /// The hash of an ECDSA signature algorithm DG14 names for Active Authentication.
    static func digest(_ algorithm: String) -> DigestAlgorithm? {
        switch algorithm {
        case "1.2.840.10045.4.1": .sha1
        case "1.2.840.10045.4.3.1": .sha224
        case "1.2.840.10045.4.3.2": .sha256
        case "1.2.840.10045.4.3.3": .sha384
        case "1.2.840.10045.4.3.4": .sha512
        default: nil
        }
    }

    private mutating func authenticatePassively() {
        guard let securityObject else {
            passiveCheck = ChipCheck(outcome: .failed, method: "PA", detail: "the chip has no EF.SOD, so nothing it holds can be proved")
            return
        }
        let report = PassiveAuthentication.verify(sodBytes: securityObject, dataGroups: dataGroups, trust: reader.trust, at: time)
        passive = report
        passiveCheck = report.check
        for line in report.steps {
            let marked = [("ok: ", ChipStep.Outcome.passed), ("FAILED: ", .failed), ("note: ", .note)].first { line.hasPrefix($0.0) }
            steps.append(ChipStep(marked?.1 ?? .note, "PA: " + line.dropFirst(marked?.0.count ?? 0)))
        }
        steps.append(ChipStep(report.outcome == .passed ? .passed : report.outcome == .failed ? .failed : .note, "passive authentication \(report.outcome.rawValue)"))
    }

    /// A chip that proved it holds a private key is genuine only when the public key it matched
    /// is the issuer's: DG14 (CA) or DG15 (AA) signed in EF.SOD under a trusted CSCA. A copy
    /// carrying a key pair of its own passes CA or AA by itself; only passive authentication of
    /// that data group tells it from the original, so the check says so rather than leaning on
    /// a rule pack to require both.
    private mutating func bindChipKeyToIssuer() {
        guard chipCheck.outcome == .passed, let method = chipCheck.method, let passive else { return }
        let group = method == "CA" ? 14 : 15
        if passive.failedDataGroups.contains(group) {
            chipCheck = ChipCheck(outcome: .failed, method: method, detail: "the chip holds the private key of the DG\(group) it carries, but that DG\(group) "
                + "is not the one EF.SOD signed: its key is not the issuer's (a copy with a key of its own)")
        } else if passive.outcome != .passed {
            let outcome = passive.outcome == .failed ? "failed" : "was not checked"
            chipCheck = ChipCheck(outcome: .notChecked, method: method,
                                  detail: "\(chipCheck.detail); but passive authentication \(outcome), "
                                      + "so DG\(group)'s key is not proved to be the issuer's")
        } else {
            return
        }
        steps.append(ChipStep(chipCheck.outcome == .failed ? .failed : .note, "chip authenticity: \(chipCheck.detail)"))
    }
}
