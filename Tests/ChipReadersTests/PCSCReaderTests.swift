import ChipReaders
import Foundation
import LaneAgentTesting
import Testing

/// The PC/SC session against a real pcscd with vsmartcard's virtual reader (vpcd) and its
/// passport emulator (vicc): readers listed and found by name, cards seen coming and going,
/// APDUs answered, and the failures a technician must be told apart.
extension VirtualReaderTests {
@Suite("PC/SC over pcscd and vpcd")
struct PCSCReaderTests {
    @Test("pcscd lists the virtual reader; a part of its name finds it; a name no reader has is refused with the readers there are")
    func findsReaders() async throws {
        _ = try await VirtualReader.shared.start()
        let context = try PCSCContext()
        let readers = try context.readers()
        #expect(readers.contains(VirtualReader.readerName))
        #expect(try context.reader(matching: "virtual pcd 00 00") == VirtualReader.readerName)
        #expect(try context.reader(matching: VirtualReader.readerName) == VirtualReader.readerName)
        let error = #expect(throws: PCSCError.self) { try context.reader(matching: "ACS ACR122U") }
        #expect(error?.kind == .readerNotFound)
        #expect(error?.isUsageError == true)
        #expect(error?.description.contains("\"ACS ACR122U\"") == true)
        #expect(error?.description.contains("\"\(VirtualReader.readerName)\"") == true)
        #expect(error?.code == "LA-PCSC-003")
    }

    @Test("A card put on the reader is seen present with its ATR, and absent again when taken away")
    func seesCardsComeAndGo() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build()
        var changes = CardPresenceWatch.changes(reader: VirtualReader.readerName).makeAsyncIterator()
        #expect(try await changes.next() == .absent)
        let card = try passport.insert(port: port)
        let present = try await changes.next()
        guard case .present(let atr)? = present else {
            Issue.record("expected a card, got \(String(describing: present))")
            return
        }
        #expect(atr.first == 0x3B)
        card.signal(SIGKILL)
        await card.wait()
        #expect(try await changes.next() == .absent)
    }

    @Test("The eMRTD application is selected and GET CHALLENGE answers 8 fresh bytes, over pcscd")
    func selectsTheApplication() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build()
        let vicc = try passport.insert(port: port)
        defer { vicc.signal(SIGKILL) }
        try await Self.waitForCard()
        let card = try PCSCContext().connect(reader: VirtualReader.readerName)
        defer { card.disconnect() }
        let select = try await card.transmit([0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01])
        #expect(select == [0x90, 0x00])
        let first = try await card.transmit([0x00, 0x84, 0x00, 0x00, 0x08])
        let second = try await card.transmit([0x00, 0x84, 0x00, 0x00, 0x08])
        #expect(first.count == 10 && first.suffix(2) == [0x90, 0x00])
        #expect(second.count == 10 && first != second)
        // A file that is not there is the card's answer, not a PC/SC failure.
        #expect(try await card.transmit([0x00, 0xA4, 0x02, 0x0C, 0x02, 0x01, 0x0F]).suffix(2) == [0x6A, 0x82])
    }

    // Bounded: with a shared context the second connect waits for ever behind the frozen command.
    @Test("A card that stops answering mid-session fails the command at the deadline (LA-PCSC-006) and holds up no other card", .timeLimit(.minutes(1)))
    func silentCard() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build()
        let vicc = try passport.insert(port: port)
        defer { vicc.signal(SIGKILL) }
        try await Self.waitForCard()
        let context = try PCSCContext()
        let card = try context.connect(reader: VirtualReader.readerName, commandDeadline: .seconds(2))
        #expect(try await card.transmit([0x00, 0x84, 0x00, 0x00, 0x08]).count == 10)
        // The emulator frozen: vpcd waits on it for ever, and so would SCardTransmit.
        vicc.signal(SIGSTOP)
        let error = await #expect(throws: PCSCError.self) { try await card.transmit([0x00, 0x84, 0x00, 0x00, 0x08]) }
        #expect(error?.kind == .cardUnresponsive && error?.code == "LA-PCSC-006", "\(String(describing: error))")
        #expect(error?.description.contains("no answer within 2 s") == true, "\(String(describing: error))")
        // The card is dropped: what follows fails at once rather than queueing behind the silent command.
        await #expect(throws: PCSCError.self) { try await card.transmit([0x00, 0x84, 0x00, 0x00, 0x08]) }
        // While the frozen command still blocks in pcscd, the next card connected through the same
        // context answers: each card has a context, and so a lock, of its own. vpcd's second slot
        // stands in for the next passport, since the frozen one cannot leave the first.
        let other = try passport.insert(port: port + 1)
        defer { other.signal(SIGKILL) }
        let secondSlot = "Virtual PCD 00 01"
        try await Self.waitForCard(reader: secondSlot)
        let next = try context.connect(reader: secondSlot, commandDeadline: .seconds(5))
        defer { next.disconnect() }
        #expect(try await next.transmit([0x00, 0x84, 0x00, 0x00, 0x08]).count == 10)
    }

    @Test("A card taken away mid-session fails the next command as removed (LA-PCSC-005)")
    func cardGoneMidSession() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build()
        let vicc = try passport.insert(port: port)
        try await Self.waitForCard()
        let card = try PCSCContext().connect(reader: VirtualReader.readerName)
        #expect(try await card.transmit([0x00, 0x84, 0x00, 0x00, 0x08]).count == 10)
        vicc.signal(SIGKILL)
        await vicc.wait()
        try await Self.waitForCard(present: false)
        let error = await #expect(throws: PCSCError.self) { try await card.transmit([0x00, 0x84, 0x00, 0x00, 0x08]) }
        #expect(error?.kind == .cardRemoved)
        #expect(error?.code == "LA-PCSC-005")
    }

    @Test("pcscd stopping ends a watch with an error; a client is then told 'pcscd is not running' (LA-PCSC-001); it is reached again once restarted")
    func daemonStops() async throws {
        _ = try await VirtualReader.shared.start()
        var changes = CardPresenceWatch.changes(reader: VirtualReader.readerName).makeAsyncIterator()
        #expect(try await changes.next() == .absent)
        await VirtualReader.shared.stop()
        let error = await #expect(throws: PCSCError.self) { while try await changes.next() != nil {} }
        // pcscd answers a waiting client with one of several codes as it goes; each ends the watch.
        #expect(error != nil)
        let refused = #expect(throws: PCSCError.self) { try PCSCContext() }
        #expect(refused?.code == "LA-PCSC-001")
        #expect(refused?.description.contains("pcscd is not running or stopped: start it") == true)
        _ = try await VirtualReader.shared.start()
        #expect(try PCSCContext().readers().contains(VirtualReader.readerName))
    }

    @Test("Cancelling the task that watches a reader ends the watch (SCardCancel)")
    func watchIsCancellable() async throws {
        _ = try await VirtualReader.shared.start()
        let changes = CardPresenceWatch.changes(reader: VirtualReader.readerName)
        let watching = Task {
            var seen: [CardPresence] = []
            for try await change in changes { seen.append(change) }
            return seen
        }
        // Nothing changes on the reader: only cancelling ends the wait, and it ends the sequence cleanly.
        try await Task.sleep(for: .milliseconds(100))
        watching.cancel()
        #expect(try await watching.value.allSatisfy { $0 == .absent })
    }

    /// Waits (bounded) until the reader has a card, or has none.
    static func waitForCard(present: Bool = true, reader: String = VirtualReader.readerName, within limit: Duration = .seconds(30)) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await change in CardPresenceWatch.changes(reader: reader) {
                    switch change {
                    case .present: if present { return }
                    case .absent: if !present { return }
                    case .mute: continue
                    }
                }
            }
            // A harness that hangs fails with what pcscd last said, instead of stalling the suite.
            group.addTask {
                try await Task.sleep(for: limit)
                let log = await VirtualReader.shared.log.suffix(3000)
                throw HarnessError("no card \(present ? "arrived" : "left") within \(limit); pcscd's last words: \(log)")
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
}
