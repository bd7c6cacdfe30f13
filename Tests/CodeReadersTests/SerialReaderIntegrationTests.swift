import CodeReaders
import DeviceKit
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// The serial drivers through the production transport (`SerialDevice`), fed by their
/// simulators over real pseudo-terminals.
@Suite("Code and document readers over pseudo-terminals", .timeLimit(.minutes(1)))
struct SerialReaderIntegrationTests {
    /// Events until `predicate` holds for one, or `seconds` pass.
    static func waitFor(_ iterator: inout AsyncStream<DeviceEvent<Reading>>.Iterator, seconds: Double = 30,
                        _ predicate: (DeviceEvent<Reading>) -> Bool) async -> [DeviceEvent<Reading>] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var seen: [DeviceEvent<Reading>] = []
        while ContinuousClock.now < deadline, let event = await iterator.next() {
            seen.append(event)
            if predicate(event) { return seen }
        }
        Issue.record("gave up waiting after \(seen.count) events")
        return seen
    }

    static func isConnected(_ event: DeviceEvent<Reading>) -> Bool {
        if case .health(let health, nil) = event { health.connected } else { false }
    }

    static func readings(_ events: [DeviceEvent<Reading>]) -> [Reading] {
        events.compactMap { if case .reading(let reading, _) = $0 { reading } else { nil } }
    }

    @Test("serial-code reads the simulated scanner's codes with each line ending", arguments: LineEnding.allCases)
    func codes(_ ending: LineEnding) async throws {
        let directory = TemporaryDirectory("pty")
        let link = directory.file("qr-1")
        let terminal = try PseudoTerminal()
        try terminal.link(at: link)
        let simulator = CodeReaderSimulator(terminal: terminal, lineEnding: ending)
        let session = try #require(CodeReaderDrivers.serialSession(named: "serial-code", device: "qr-1"))
        let device = SerialDevice(id: "qr-1", path: link, settings: CodeReaderDrivers.defaultSerialSettings) { session }
        let reading = Task { await device.run() }
        defer { reading.cancel() }
        var events = device.events.makeAsyncIterator()
        _ = await Self.waitFor(&events, Self.isConnected)
        let codes = ["8938505974194", "https://dichvucong.gov.vn/p/?id=A1B2C3", "桂A12345"]
        for code in codes { #expect(simulator.send(code)) }
        let seen = await Self.waitFor(&events) { if case .reading(let reading, _) = $0 { reading.detail == .code(CodeRead(text: codes[2], transport: "serial")) } else { false } }
        #expect(Self.readings(seen).map(\.detail) == codes.map { .code(CodeRead(text: $0, transport: "serial")) })
        #expect(Self.readings(seen).allSatisfy { $0.device == "qr-1" })
        #expect(!seen.contains { if case .frameError = $0 { true } else { false } })
        #expect(device.health.connected && device.health.frameErrors == 0 && device.health.lastGoodFrame != nil)
    }

    @Test("serial-mrz reads the simulated document reader's specimens, and a corrupted one with its failed check")
    func documents() async throws {
        let directory = TemporaryDirectory("pty")
        let link = directory.file("mrz-1")
        let terminal = try PseudoTerminal()
        try terminal.link(at: link)
        let simulator = MRZReaderSimulator(terminal: terminal, lineEnding: .carriageReturnLineFeed)
        let device = SerialDevice(id: "mrz-1", path: link, settings: CodeReaderDrivers.defaultSerialSettings) {
            CodeReaderDrivers.serialSession(named: "serial-mrz", device: "mrz-1", utcOffsetMinutes: 420)!
        }
        let reading = Task { await device.run() }
        defer { reading.cancel() }
        var events = device.events.makeAsyncIterator()
        _ = await Self.waitFor(&events, Self.isConnected)
        #expect(simulator.send(MRZSpecimen.td3))
        #expect(simulator.send(["garbage"]))
        #expect(simulator.send(MRZSpecimen.td1))
        #expect(simulator.send([MRZSpecimen.td3[0], MRZSpecimen.td3[1].replacingOccurrences(of: "7408122", with: "7408121")]))
        var documents: [DocumentRead] = []
        let seen = await Self.waitFor(&events) { event in
            if case .reading(let reading, _) = event, case .document(let document) = reading.detail { documents.append(document) }
            return documents.count == 3
        }
        #expect(documents.map(\.format) == ["TD3", "TD1", "TD3"])
        #expect(documents.map(\.failedChecks) == [[], [], ["birthDate", "composite"]])
        #expect(documents.allSatisfy { $0.surname == "ERIKSSON" && $0.expired })
        let errors = seen.compactMap { if case .frameError(let error) = $0 { error } else { nil } }
        #expect(errors.count == 1 && errors.allSatisfy { $0.bytes.isEmpty && !$0.reason.contains("garbage") })
    }

    @Test("unplugged (pty closed), the code reader reports it; replugged, it reads again")
    func unplugAndReplug() async throws {
        let directory = TemporaryDirectory("pty")
        let link = directory.file("qr-1")
        var terminal: PseudoTerminal? = try PseudoTerminal()
        try terminal!.link(at: link)
        let device = SerialDevice(id: "qr-1", path: link, settings: CodeReaderDrivers.defaultSerialSettings,
                                  backoff: ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(200))) {
            CodeReaderDrivers.serialCodeSession(device: "qr-1")
        }
        let reading = Task { await device.run() }
        defer { reading.cancel() }
        var events = device.events.makeAsyncIterator()
        _ = await Self.waitFor(&events, Self.isConnected)
        CodeReaderSimulator(terminal: terminal!).send("FIRST")
        _ = await Self.waitFor(&events) { if case .reading = $0 { true } else { false } }
        terminal = nil
        unlink(link)
        let lost = await Self.waitFor(&events) { if case .health(let health, _) = $0 { !health.connected } else { false } }
        guard case .health(_, let failure)? = lost.last else { return }
        #expect(failure?.kind == .disconnected)

        let replugged = try PseudoTerminal()
        try replugged.link(at: link)
        _ = await Self.waitFor(&events, Self.isConnected)
        CodeReaderSimulator(terminal: replugged).send("SECOND")
        let back = await Self.waitFor(&events) { if case .reading = $0 { true } else { false } }
        #expect(Self.readings(back).map(\.detail) == [.code(CodeRead(text: "SECOND", transport: "serial"))])
        #expect(device.health.reconnects == 1)
    }
}
