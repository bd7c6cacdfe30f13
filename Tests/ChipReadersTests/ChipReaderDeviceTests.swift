import ChipReaders
import DeviceKit
import DocumentSecurity
import EPassport
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// The chip reader driver against vicc's passport emulator through a real pcscd: one reading per
/// card presented, with what was proved, and the failures a lane must tell apart.
extension VirtualReaderTests {
@Suite("Chip reader over pcscd and vicc")
struct ChipReaderDeviceTests {
    /// A face the size of a small passport photo, so DG2 takes many READ BINARYs.
    static let face = SyntheticJPEG.make(size: 6_000, seed: 22)

    /// Runs a PC/SC chip reader on the virtual reader while `body` runs.
    static func withDevice<T>(key: AccessKey?, trust: CSCATrustList, keyWait: Duration = .seconds(5),
                              _ body: (ChipReaderDevice, inout AsyncStream<DeviceEvent<Reading>>.Iterator) async throws -> T) async throws -> T {
        let device = ChipReaderDevice(id: "chip-1", source: .pcsc(reader: "PCD 00 00"), key: key, keyWait: keyWait, trust: trust,
                                      backoff: ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(200)))
        let running = Task { await device.run() }
        // A hung emulator fails the test instead of the run: the device is stopped, its events end.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(60))
            Issue.record("no result within 60 s: the device was stopped")
            running.cancel()
        }
        defer {
            running.cancel()
            watchdog.cancel()
        }
        var events = device.events.makeAsyncIterator()
        return try await body(device, &events)
    }

    /// The next reading, skipping health changes; nil when the device stopped.
    static func nextReading(_ events: inout AsyncStream<DeviceEvent<Reading>>.Iterator) async -> Reading? {
        while let event = await events.next() {
            if case .reading(let reading, _) = event { return reading }
        }
        return nil
    }

    @Test("A passport on the reader is read once: BAC, secure messaging, DG1, DG2 and EF.SOD; passive authentication passes to the test CSCA; the face is personal evidence")
    func readsAPassport() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build(face: Self.face)
        let trust = try CSCATrustList(certificates: [passport.csca])
        let key = try #require(AccessKey.mrz(lines: VirtualPassport.mrz))
        try await Self.withDevice(key: key, trust: trust) { _, events in
            let vicc = try passport.insert(port: port)
            defer { vicc.signal(SIGKILL) }
            let reading = try #require(await Self.nextReading(&events))
            guard case .chip(let chip) = reading.detail else {
                Issue.record("not a chip reading: \(reading.detail)")
                return
            }
            #expect(chip.read, "\(chip.failure ?? "")")
            #expect(chip.access == "BAC")
            #expect(chip.dataGroups.contains(1) && chip.dataGroups.contains(2))
            #expect(chip.document?.number == "L898902C3")
            #expect(chip.passiveAuthentication.outcome == .passed, "\(chip.passiveAuthentication.detail)")
            #expect(chip.passiveAuthentication.method == "PA")
            #expect(chip.chipAuthentication.outcome == .notOffered)
            let face = try #require(reading.evidence.first)
            #expect(face.role == "face" && face.personal && face.mediaType == "image/jpeg")
            #expect(face.bytes == Self.face)
        }
    }

    @Test("The same passport against an empty trust list is read but not proved: no CSCA to chain to")
    func untrustedSigner() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build()
        try await Self.withDevice(key: AccessKey.mrz(lines: VirtualPassport.mrz), trust: .empty) { _, events in
            let vicc = try passport.insert(port: port)
            defer { vicc.signal(SIGKILL) }
            let reading = try #require(await Self.nextReading(&events))
            guard case .chip(let chip) = reading.detail else { return }
            #expect(chip.read)
            #expect(chip.passiveAuthentication.outcome != .passed)
        }
    }

    @Test("A wrong MRZ key is access denied, tried once: nothing read, nothing proved")
    func wrongKey() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build()
        let wrong = try #require(AccessKey.mrz(documentNumber: "X12345678", birthDate: "800101", expiryDate: "300101"))
        try await Self.withDevice(key: wrong, trust: try CSCATrustList(certificates: [passport.csca])) { _, events in
            let vicc = try passport.insert(port: port)
            defer { vicc.signal(SIGKILL) }
            let reading = try #require(await Self.nextReading(&events))
            guard case .chip(let chip) = reading.detail else { return }
            #expect(!chip.read)
            #expect(chip.failure?.contains("access denied") == true, "\(chip.failure ?? "")")
            #expect(chip.dataGroups.isEmpty && chip.document == nil && reading.evidence.isEmpty)
            #expect(chip.passiveAuthentication.outcome == .notChecked)
        }
    }

    @Test("DG1 changed after EF.SOD was signed: read, and passive authentication fails naming DG1")
    func alteredDataGroup() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build(tamperDG1: true)
        // vicc derives its BAC keys from the DG1 it holds: the altered one's MRZ opens it.
        let zone = String(decoding: try passport.file("dg1").dropFirst(5), as: UTF8.self)
        let key = AccessKey.mrz(lines: [String(zone.prefix(44)), String(zone.dropFirst(44))])
        try await Self.withDevice(key: key, trust: try CSCATrustList(certificates: [passport.csca])) { _, events in
            let vicc = try passport.insert(port: port)
            defer { vicc.signal(SIGKILL) }
            let reading = try #require(await Self.nextReading(&events))
            guard case .chip(let chip) = reading.detail else { return }
            #expect(chip.passiveAuthentication.outcome == .failed)
            #expect(chip.passiveAuthentication.detail.contains("DG1"), "\(chip.passiveAuthentication.detail)")
        }
    }

    @Test("A passport taken away mid-read gives one reading naming the file the read broke off in; nothing read is proved")
    func takenAwayMidRead() async throws {
        let port = try await VirtualReader.shared.start()
        // A large face: DG2 takes a few hundred READ BINARYs, so the card leaves in the middle of it.
        let passport = try await VirtualPassport.build(face: SyntheticJPEG.make(size: 60_000, seed: 23))
        let trust = try CSCATrustList(certificates: [passport.csca])
        try await Self.withDevice(key: AccessKey.mrz(lines: VirtualPassport.mrz), trust: trust) { _, events in
            let vicc = try passport.insert(port: port)
            defer { vicc.signal(SIGKILL) }
            // pcscd logs each command (--apdu): the card leaves once the reader is well into DG2.
            let deadline = ContinuousClock.now + .seconds(30)
            while await VirtualReader.shared.log.components(separatedBy: "APDU: ").count < 60, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            vicc.signal(SIGKILL)
            let reading = try #require(await Self.nextReading(&events))
            guard case .chip(let chip) = reading.detail else {
                Issue.record("not a chip reading: \(reading.detail)")
                return
            }
            #expect(!chip.read, "the read finished before the card left; make the face larger")
            #expect(chip.failure?.contains("DG2") == true, "\(chip.failure ?? "")")
            #expect(chip.passiveAuthentication.outcome == .notChecked, "\(chip.passiveAuthentication.detail)")
            #expect(reading.evidence.isEmpty, "a face read in part is not evidence")
        }
    }

    @Test("Without a configured key the lane's MRZ, offered as the passport is laid on the reader, opens the chip")
    func keyFromTheLane() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build()
        try await Self.withDevice(key: nil, trust: .empty, keyWait: .seconds(30)) { device, events in
            // The optical reader reads the data page as the passport is laid on the reader.
            device.offer(try #require(AccessKey.mrz(lines: VirtualPassport.mrz)))
            let vicc = try passport.insert(port: port)
            defer { vicc.signal(SIGKILL) }
            let reading = try #require(await Self.nextReading(&events))
            guard case .chip(let chip) = reading.detail else { return }
            #expect(chip.read && chip.access == "BAC", "\(chip.failure ?? "")")
        }
    }

    @Test("pcscd stopping is a device fault (LA-PCSC-001); the reader is opened again when pcscd is back, and reads")
    func reconnects() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build()
        try await Self.withDevice(key: AccessKey.mrz(lines: VirtualPassport.mrz), trust: .empty) { _, events in
            var connected = 0
            var fault: SerialPortError?
            while connected == 0, let event = await events.next() {
                if case .health(let health, nil) = event, health.connected { connected += 1 }
            }
            await VirtualReader.shared.stop()
            while fault == nil, let event = await events.next() {
                if case .health(_, let failure?) = event { fault = failure }
            }
            #expect(fault?.operation.contains("LA-PCSC-") == true, "\(String(describing: fault))")
            _ = try await VirtualReader.shared.start()
            var back: DeviceHealth?
            while back == nil, let event = await events.next() {
                if case .health(let health, nil) = event, health.connected { back = health }
            }
            #expect(back?.reconnects == 1)
            let vicc = try passport.insert(port: port)
            defer { vicc.signal(SIGKILL) }
            let reading = try #require(await Self.nextReading(&events))
            guard case .chip(let chip) = reading.detail else { return }
            #expect(chip.read)
        }
    }
}
}
