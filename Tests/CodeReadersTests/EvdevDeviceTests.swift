import CodeReaders
import DeviceKit
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// The evdev transport (`EvdevDevice`) over a FIFO standing in for `/dev/input/eventN`: the
/// build machines have no input devices, and a FIFO delivers the same records. A FIFO cannot be
/// grabbed, so these run with `grab: false`; the grab's refusal of a non-input device is tested
/// on its own.
@Suite("hid-code over a FIFO", .timeLimit(.minutes(1)))
struct EvdevDeviceTests {
    /// The writing end of a FIFO, as the kernel's input layer would fill the device.
    final class FIFOWriter {
        let descriptor: Int32

        init(_ path: String) throws {
            descriptor = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        }

        func type(_ code: String) {
            let bytes = KeystrokeEncoder.bytes(typing: code)!
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            #expect(written == bytes.count)
        }

        deinit { close(descriptor) }
    }

    static func fifo(in directory: TemporaryDirectory) -> String {
        let path = directory.file("event7")
        #expect(mkfifo(path, 0o600) == 0)
        return path
    }

    @Test("codes typed into the device arrive as hid code readings; the writer gone, it reconnects and reads again")
    func readsAndReconnects() async throws {
        let directory = TemporaryDirectory("evdev")
        let path = Self.fifo(in: directory)
        let device = CodeReaderDrivers.hidDevice(id: "qr-2", path: path, grab: false, backoff: ReconnectBackoff(initial: .milliseconds(50), maximum: .milliseconds(200)))
        let reading = Task { await device.run() }
        defer { reading.cancel() }
        var events = device.events.makeAsyncIterator()
        _ = await SerialReaderIntegrationTests.waitFor(&events, SerialReaderIntegrationTests.isConnected)
        var writer: FIFOWriter? = try FIFOWriter(path)
        writer!.type("8938505974194")
        writer!.type("VN-12C/Ab?")
        let seen = await SerialReaderIntegrationTests.waitFor(&events) { event in
            if case .reading(let reading, _) = event { reading.detail == .code(CodeRead(text: "VN-12C/Ab?", transport: "hid")) } else { false }
        }
        #expect(SerialReaderIntegrationTests.readings(seen).map(\.detail) == [
            .code(CodeRead(text: "8938505974194", transport: "hid")), .code(CodeRead(text: "VN-12C/Ab?", transport: "hid")),
        ])
        #expect(device.health.bytesReceived > 0 && device.health.lastGoodFrame != nil)

        // The writer closes: end of file, as an unplugged reader's ENODEV ends reading.
        writer = nil
        let lost = await SerialReaderIntegrationTests.waitFor(&events) { if case .health(let health, _) = $0 { !health.connected } else { false } }
        guard case .health(let health, let failure)? = lost.last else { return }
        #expect(failure?.kind == .disconnected && health.lastError?.contains("LA-EVDEV-005") == true)
        _ = await SerialReaderIntegrationTests.waitFor(&events, SerialReaderIntegrationTests.isConnected)
        writer = try FIFOWriter(path)
        writer!.type("AGAIN")
        let back = await SerialReaderIntegrationTests.waitFor(&events) { if case .reading = $0 { true } else { false } }
        #expect(SerialReaderIntegrationTests.readings(back).map(\.detail) == [.code(CodeRead(text: "AGAIN", transport: "hid"))])
        #expect(device.health.reconnects == 1 && device.lastFailure == nil)
    }

    @Test("a key with no character is a frame error, and the next code reads")
    func frameError() async throws {
        let directory = TemporaryDirectory("evdev")
        let path = Self.fifo(in: directory)
        let device = CodeReaderDrivers.hidDevice(id: "qr-2", path: path, grab: false)
        let reading = Task { await device.run() }
        defer { reading.cancel() }
        var events = device.events.makeAsyncIterator()
        _ = await SerialReaderIntegrationTests.waitFor(&events, SerialReaderIntegrationTests.isConnected)
        let writer = try FIFOWriter(path)
        let f1 = InputEvent(type: 1, code: 59, value: 1).bytes()
        _ = f1.withUnsafeBytes { write(writer.descriptor, $0.baseAddress, $0.count) }
        writer.type("REST")
        writer.type("NEXT")
        let seen = await SerialReaderIntegrationTests.waitFor(&events) { if case .reading = $0 { true } else { false } }
        let errors = seen.compactMap { if case .frameError(let error) = $0 { error } else { nil } }
        #expect(errors.count == 1 && errors[0].reason.contains("key 59"))
        #expect(SerialReaderIntegrationTests.readings(seen).map(\.detail) == [.code(CodeRead(text: "NEXT", transport: "hid"))])
        #expect(device.health.frameErrors == 1)
    }

    @Test("grabbing a path that is not an input device is a clear usage error")
    func grabRefused() throws {
        let directory = TemporaryDirectory("evdev")
        let path = Self.fifo(in: directory)
        // Opening a FIFO for reading does not wait for a writer with O_NONBLOCK, so this returns.
        #expect {
            _ = try InputDevice.open(path, grab: true)
        } throws: { error in
            guard let error = error as? EvdevError else { return false }
            return error.kind == .notAnInputDevice && error.isUsageError && error.operation == "grab"
                && error.description.contains(path) && error.description.contains("LA-EVDEV-004")
        }
        #expect(throws: EvdevError.self) { _ = try InputDevice.open("/dev/null", grab: true) }
    }

    @Test("a missing device, and a device that cannot be grabbed, are reported as health with the evdev wording")
    func openFailures() async throws {
        let directory = TemporaryDirectory("evdev")
        let missing = EvdevDevice(id: "qr-9", path: directory.file("event99"), backoff: nil) { CodeReaderDrivers.hidCodeSession(device: "qr-9") }
        await missing.run()
        var events = missing.events.makeAsyncIterator()
        guard case .health(let health, let failure?)? = await events.next() else { Issue.record("no health event"); return }
        #expect(failure.kind == .notFound && !health.connected)
        #expect(missing.lastFailure?.kind == .notFound && health.lastError?.contains("LA-EVDEV-001") == true)
        #expect(health.lastError?.contains("/dev/input/by-id") == true)

        let fifo = Self.fifo(in: directory)
        let ungrabbable = CodeReaderDrivers.hidDevice(id: "qr-8", path: fifo, backoff: nil)
        await ungrabbable.run()
        #expect(ungrabbable.lastFailure?.kind == .notAnInputDevice)
        #expect(ungrabbable.lastFailure?.serialPortError.kind == .notATerminal)
    }

    @Test("EBUSY on the grab says another program holds the reader")
    func busyWording() {
        let error = EvdevError(errno: EBUSY, path: "/dev/input/event3", operation: "grab")
        #expect(error.kind == .busy && error.code == "LA-EVDEV-003")
        #expect(error.description.contains("another program has grabbed the reader") && error.description.contains("fuser /dev/input/event3"))
        #expect(EvdevError(errno: ENODEV, path: "/dev/input/event3", operation: "read").kind == .disconnected)
        #expect(EvdevError(errno: EACCES, path: "/dev/input/event3", operation: "open").description.contains("input group"))
    }
}
