import DocumentSecurity
import EPassport
import LaneModel
import Testing

@Suite("Reading a simulated passport: access, files, passive and active authentication")
struct PassportReaderTests {
    @Test("a genuine BAC passport with an EC Active Authentication key: read, PA passed to the test CSCA, AA passed")
    func genuineBAC() async throws {
        let aaKey = try DocumentSigningKey.generate(.p256)
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(activeAuthentication: aaKey))
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.access == "BAC")
        #expect(report.reading.read, "\(report.steps)")
        #expect(report.reading.failure == nil)
        #expect(report.reading.dataGroups == [1, 2, 14, 15])
        #expect(report.reading.document?.number == "L898902C")
        #expect(report.reading.document?.surname == "ERIKSSON")
        #expect(report.reading.document?.failedChecks == [])
        #expect(report.reading.passiveAuthentication.outcome == .passed, "\(report.steps)")
        #expect(report.reading.chipAuthentication.outcome == .passed, "\(report.steps)")
        #expect(report.reading.chipAuthentication.method == "AA")
        #expect(report.face == EvidenceItem(role: "face", mediaType: "image/jpeg", bytes: PassportFixtures.face().bytes, personal: true))
        #expect(report.steps.contains { $0.outcome == .passed && $0.text.hasPrefix("BAC established") })
        #expect(!report.steps.contains { $0.description.contains("ERIKSSON") || $0.description.contains("L898902C") })
    }

    @Test("a genuine chip without DG15 or DG14: PA passed, chip authentication not offered")
    func withoutActiveAuthentication() async throws {
        let chip = SimulatedPassport(image: try PassportFixtures.genuine())
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.read)
        #expect(report.reading.dataGroups == [1, 2])
        #expect(report.reading.passiveAuthentication.outcome == .passed)
        #expect(report.reading.chipAuthentication.outcome == .notOffered)
    }

    @Test("DG1 altered after signing: PA fails naming DG1, access and the read itself still work")
    func alteredDataGroup1() async throws {
        let image = try PassportFixtures.genuine().alteringDataGroup1(to: PassportFixtures.forgedLines)
        let report = await PassportFixtures.reader.read(SimulatedPassport(image: image), key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.read)
        #expect(report.reading.document?.surname == "SVENSSON")
        #expect(report.reading.passiveAuthentication.outcome == .failed)
        #expect(report.reading.passiveAuthentication.detail.contains("DG1"))
        #expect(report.passiveAuthentication?.failedDataGroups == [1])
    }

    @Test("a copied chip (DG15's key is not the one inside): AA fails while PA passes")
    func clonedChip() async throws {
        let image = try PassportFixtures.genuine(activeAuthentication: DocumentSigningKey.generate(.p256))
        let clone = image.cloned(withKey: try DocumentSigningKey.generate(.p256))
        let report = await PassportFixtures.reader.read(SimulatedPassport(image: clone), key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.passiveAuthentication.outcome == .passed)
        #expect(report.reading.chipAuthentication.outcome == .failed)
    }

    @Test("an RSA Active Authentication key (ISO/IEC 9796-2) passes")
    func rsaActiveAuthentication() async throws {
        let image = try PassportFixtures.genuine(activeAuthentication: DocumentSigningKey.generate(.rsa(bits: 1024)))
        let report = await PassportFixtures.reader.read(SimulatedPassport(image: image), key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.dataGroups == [1, 2, 15])
        #expect(report.reading.chipAuthentication.outcome == .passed, "\(report.reading.chipAuthentication.detail)")
    }

    @Test("without a trust list PA is not checked, never passed")
    func noTrust() async throws {
        let chip = SimulatedPassport(image: try PassportFixtures.genuine())
        let report = await PassportReader(trust: .empty).read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.passiveAuthentication.outcome != .passed)
    }

    @Test("the wrong MRZ key: access denied after exactly one EXTERNAL AUTHENTICATE, nothing read")
    func wrongKey() async throws {
        let chip = SimulatedPassport(image: try PassportFixtures.genuine())
        let wrong = try #require(AccessKey.mrz(documentNumber: "L898902C", birthDate: "690807", expiryDate: "940623"))
        let report = await PassportFixtures.reader.read(chip, key: wrong, at: PassportFixtures.readAt)
        #expect(report.reading.access == "none")
        #expect(!report.reading.read)
        #expect(report.reading.failure?.hasPrefix("access denied") == true)
        #expect(report.reading.dataGroups == [])
        #expect(report.reading.passiveAuthentication.outcome == .notChecked)
        #expect(await chip.authenticationAttempts == 1)
        #expect(await chip.received.filter { $0.ins == 0xB0 || $0.ins == 0xB1 }.isEmpty)
    }

    @Test("DG2 past 32 KiB is read with READ BINARY B1 and still verifies")
    func largeFace() async throws {
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(faceSize: 40_000))
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.read)
        #expect(report.face?.bytes.count == 40_026)
        #expect(report.reading.passiveAuthentication.outcome == .passed)
        #expect(await chip.received.contains { $0.ins == 0xB1 })
    }

    @Test("a chip that gives 17 bytes per READ BINARY is read whole", arguments: [1, 17, 100])
    func shortReads(maximum: Int) async throws {
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(), faults: [.shortReads(maximum: maximum)])
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(report.reading.read)
        #expect(report.reading.passiveAuthentication.outcome == .passed)
    }

    @Test("the card leaving the field during DG2 is a failure naming DG2")
    func cardGone() async throws {
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(), faults: [.leaveWhileReading(identifier: 0x0102, afterBytes: 300)])
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(!report.reading.read)
        #expect(report.reading.failure?.contains("the card left the field while DG2 was read") == true)
        #expect(report.reading.passiveAuthentication.outcome == .notChecked)
        #expect(report.face == nil)
    }

    @Test("a DG2 announcing 1 MiB is refused before it is read")
    func oversized() async throws {
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(), faults: [.announcedLength(identifier: 0x0102, length: 1 << 20)])
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(!report.reading.read)
        #expect(report.reading.failure?.hasPrefix("DG2: DG2 announces") == true)
        #expect(report.reading.failure?.contains("more than the 262144") == true)
    }

    @Test("a DG1 announcing more than it holds ends in a failure naming DG1")
    func truncated() async throws {
        let chip = SimulatedPassport(image: try PassportFixtures.genuine(), faults: [.announcedLength(identifier: 0x0101, length: 200)])
        let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        #expect(!report.reading.read)
        #expect(report.reading.failure?.hasPrefix("DG1") == true)
    }

    @Test("noise instead of answers, from any command of a whole read on, never crashes and never reads")
    func garbage() async throws {
        let image = try PassportFixtures.genuine()
        let clean = SimulatedPassport(image: image)
        _ = await PassportFixtures.reader.read(clean, key: PassportFixtures.key(), at: PassportFixtures.readAt)
        let commands = await clean.received.count
        #expect(commands > 15)
        for first in 1...commands {
            let chip = SimulatedPassport(image: image, faults: [.garbage(fromCommand: first)])
            let report = await PassportFixtures.reader.read(chip, key: PassportFixtures.key(), at: PassportFixtures.readAt)
            #expect(report.reading.failure != nil, "noise from command \(first) of \(commands)")
            #expect(!report.reading.read, "noise from command \(first)")
        }
    }
}

/// A card that forwards to a simulated passport and cancels the reading task at its `after`th command.
private actor CancellingCard: CardChannel {
    let chip: SimulatedPassport
    let after: Int
    private var count = 0

    init(chip: SimulatedPassport, after: Int) {
        self.chip = chip
        self.after = after
    }

    func transmit(_ command: [UInt8]) async throws -> [UInt8] {
        count += 1
        if count == after { withUnsafeCurrentTask { $0?.cancel() } }
        return try await chip.transmit(command)
    }
}

@Suite("Cancelling a read")
struct PassportReaderCancellationTests {
    @Test("a read cancelled midway stops at the next command and says so")
    func cancelled() async throws {
        let chip = SimulatedPassport(image: try PassportFixtures.genuine())
        let card = CancellingCard(chip: chip, after: 8)
        let report = await Task { await PassportFixtures.reader.read(card, key: PassportFixtures.key(), at: PassportFixtures.readAt) }.value
        #expect(!report.reading.read)
        #expect(report.reading.failure?.contains("cancelled") == true)
        #expect(await chip.received.count == 8)
    }
}
