import DeviceKit
import Foundation
import LaneAgentTesting
import LaneModel
import Scales
import Testing

/// The production serial transport and drivers against the simulator, over real pseudo-terminals.
/// Alone these take well under a second; beside the whole suite on two cores the stream's
/// consumer has waited tens of seconds for a thread (CI runs passed after 45–59 s against the
/// old one-minute limit, and one local run gave up after 30 s), so the limits leave room.
@Suite("Scales over pseudo-terminals", .timeLimit(.minutes(3)))
struct SerialDeviceIntegrationTests {
    /// Events of `device` until `predicate` holds for one, or `seconds` pass.
    static func waitFor(_ iterator: inout AsyncStream<DeviceEvent<WeightReading>>.Iterator, seconds: Double = 120,
                        _ predicate: (DeviceEvent<WeightReading>) -> Bool) async -> [DeviceEvent<WeightReading>] {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var seen: [DeviceEvent<WeightReading>] = []
        while ContinuousClock.now < deadline, let event = await iterator.next() {
            seen.append(event)
            if predicate(event) { return seen }
        }
        Issue.record("gave up waiting after \(seen.count) events")
        return seen
    }

    @Test("each driver reads the simulated indicator's stable weight through the production transport", arguments: ScaleDrivers.all.map(\.name))
    func readsStableWeight(_ name: String) async throws {
        let driver = try #require(ScaleDrivers.named(name))
        let directory = TemporaryDirectory("pty")
        let link = directory.file("scale-1")
        let terminal = try PseudoTerminal()
        try terminal.link(at: link)
        let simulator = ScaleSimulator(driver: driver, terminal: terminal, initial: IndicatorState(weightKg: 24350))
        var options = ScaleOptions()
        options.stableMilliseconds = 300
        options.pollMilliseconds = 50
        let device = SerialDevice(id: "scale-1", path: link, settings: driver.defaultSettings) { [options] in
            driver.session(device: "scale-1", options: options)
        }
        let serving = Task { await simulator.run() }
        let reading = Task { await device.run() }
        defer { serving.cancel(); reading.cancel() }
        var events = device.events.makeAsyncIterator()
        let seen = await Self.waitFor(&events) { if case .reading(let reading, _) = $0 { reading.stable } else { false } }
        guard case .reading(let stable, let raw)? = seen.last else { return }
        #expect(stable.weightKg == 24350 && stable.status == .ok && stable.device == "scale-1")
        #expect(!raw.isEmpty)
        #expect(!seen.contains { if case .frameError = $0 { true } else { false } })
        let health = device.health
        #expect(health.connected && health.frameErrors == 0 && health.lastGoodFrame != nil && health.bytesReceived > 0)
    }

    @Test("flow control another program left on the line is turned off: RTS/CTS would hold every poll on a three-wire cable")
    func flowControlOff() throws {
        let terminal = try PseudoTerminal()
        let flags = { () throws -> termios in
            let descriptor = open(terminal.slavePath, O_RDWR | O_NOCTTY | O_NONBLOCK)
            guard descriptor >= 0 else { throw SerialPortError(errno: errno, path: terminal.slavePath, operation: "open") }
            defer { close(descriptor) }
            var options = termios()
            #expect(tcgetattr(descriptor, &options) == 0)
            return options
        }
        var left = try flags()
        left.c_cflag |= tcflag_t(CRTSCTS)
        left.c_iflag |= tcflag_t(IXON | IXOFF | IXANY)
        let descriptor = open(terminal.slavePath, O_RDWR | O_NOCTTY | O_NONBLOCK)
        #expect(tcsetattr(descriptor, TCSANOW, &left) == 0)
        close(descriptor)
        #expect(try flags().c_cflag & tcflag_t(CRTSCTS) != 0, "the pseudo-terminal keeps the flag, as a real tty does")

        let port = try SerialPort.open(terminal.slavePath, settings: SerialSettings(baud: 9600))
        let set = try flags()
        #expect(set.c_cflag & tcflag_t(CRTSCTS) == 0)
        #expect(set.c_iflag & tcflag_t(IXON | IXOFF | IXANY) == 0)
        withExtendedLifetime(port) {}
    }

    @Test("unplugged (pty closed), the device reports it; replugged at the same path, it reconnects and reads again")
    func unplugAndReplug() async throws {
        let driver = try #require(ScaleDrivers.named("toledo-continuous"))
        let directory = TemporaryDirectory("pty")
        let link = directory.file("scale-1")
        var terminal: PseudoTerminal? = try PseudoTerminal()
        try terminal!.link(at: link)
        var simulator: ScaleSimulator? = ScaleSimulator(driver: driver, terminal: terminal!, initial: IndicatorState(weightKg: 1000))
        let device = SerialDevice(id: "scale-1", path: link, settings: driver.defaultSettings,
                                  backoff: ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(200))) {
            driver.session(device: "scale-1")
        }
        var serving = Task { [simulator] in await simulator!.run() }
        let reading = Task { await device.run() }
        defer { reading.cancel() }
        var events = device.events.makeAsyncIterator()
        _ = await Self.waitFor(&events) { if case .reading(let reading, _) = $0 { reading.weightKg == 1000 } else { false } }

        // Unplug: the simulator stops and the pseudo-terminal closes, as a pulled adapter vanishes.
        serving.cancel()
        await serving.value
        simulator = nil
        terminal = nil
        unlink(link)
        let lost = await Self.waitFor(&events) { if case .health(let health, _) = $0 { !health.connected } else { false } }
        guard case .health(let health, let failure)? = lost.last else { return }
        #expect(failure?.kind == .disconnected)
        #expect(health.lastError != nil)

        // Replug: a new pseudo-terminal at the same path with a new load.
        let replugged = try PseudoTerminal()
        try replugged.link(at: link)
        let second = ScaleSimulator(driver: driver, terminal: replugged, initial: IndicatorState(weightKg: 2000))
        serving = Task { await second.run() }
        defer { serving.cancel() }
        let back = await Self.waitFor(&events) { if case .reading(let reading, _) = $0 { reading.weightKg == 2000 } else { false } }
        #expect(back.contains { if case .health(let health, nil) = $0 { health.connected && health.reconnects == 1 } else { false } })
        #expect(device.health.connected && device.health.reconnects == 1)
    }

    @Test("a port that does not exist fails to open with a usage error naming it")
    func missingPort() async throws {
        #expect {
            _ = try SerialPort.open("/nonexistent/scale-9", settings: SerialSettings())
        } throws: { error in
            guard let error = error as? SerialPortError else { return false }
            return error.kind == .notFound && error.isUsageError && error.description.contains("/nonexistent/scale-9")
        }
        #expect(throws: SerialPortError.self) { _ = try SerialPort.open("/dev/null", settings: SerialSettings()) }
    }
}
