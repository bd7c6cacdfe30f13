import Foundation
import LaneAgentTesting
import Testing
import USB

/// Listing and watching the real bus: on a kernel without USB (build machines, CI) that is a
/// distinct error, never a crash and never an empty list; elsewhere it lists or watches.
@Suite("The USB bus through libusb", .timeLimit(.minutes(1)))
struct USBBusTests {
    @Test("a kernel without /sys/bus/usb/devices is reported as no USB (LA-USB-001), with advice")
    func noKernelUSB() throws {
        let missing = TemporaryDirectory("usb").file("no-such-folder")
        let bus = USBBus(kernelFolder: missing)
        let error = try #require(throws: USBError.self) { try bus.devices() }
        #expect(error.kind == .noKernelUSB && error.code == "LA-USB-001")
        #expect(error.description.contains("no USB on this machine"))
        #expect(error.description.contains(missing))
        #expect(error.description.contains("run this on the lane board"))
        #expect(error.description.hasSuffix("(LA-USB-001)"))
        #expect(!error.isUsageError, "a fault found: exit 1")
        #expect(throws: USBError.self) { try bus.hotplugEvents() }
    }

    @Test("listing through libusb gives devices or a USBError, again and again (each listing frees what it took)",
          arguments: [USBBus(), USBBus(kernelFolder: nil)])
    func listing(_ bus: USBBus) {
        for _ in 0..<20 {
            do {
                let devices = try bus.devices()
                #expect(devices.allSatisfy { !$0.path.isEmpty && $0.id.count == 9 })
                let order = devices.map { [$0.bus] + $0.ports }
                #expect(order == order.sorted { $0.lexicographicallyPrecedes($1) }, "in bus and port order")
            } catch {
                // This machine has no USB (or libusb cannot start): typed, with a code.
                #expect(error.code.hasPrefix("LA-USB-"))
            }
        }
    }

    @Test("libusb itself starts even where the kernel check is skipped, and lists without crashing")
    func libusbWithoutKernelCheck() {
        do {
            _ = try USBBus(kernelFolder: nil).devices()
        } catch {
            #expect([USBError.Kind.noKernelUSB, .initFailed].contains(error.kind), "\(error)")
        }
    }

    @Test("a hotplug watch starts, delivers only arrivals for what is present, and its consumer can stop it")
    func hotplugStartsAndStops() async throws {
        let bus = USBBus(kernelFolder: nil)
        guard bus.supportsHotplug else { return }
        let events: AsyncThrowingStream<USBHotplugEvent, any Error>
        do { events = try bus.hotplugEvents() } catch { return }  // libusb could not start here
        let consumer = Task {
            var seen = 0
            for try await event in events {
                #expect(event.change == .arrived, "nothing is unplugged during the test")
                seen += 1
            }
            return seen
        }
        try await Self.waitFor { Self.hotplugThreads() == 1 }
        #expect(Self.hotplugThreads() == 1, "events are read on a thread of their own")
        consumer.cancel()
        _ = try? await consumer.value
        // The event thread notices within its poll interval, deregisters, and ends.
        try await Self.waitFor { Self.hotplugThreads() == 0 }
        #expect(Self.hotplugThreads() == 0, "the event thread ends when its consumer stops")
    }

    /// Polls `condition` for up to ten seconds: a loaded machine may start or stop a thread late.
    static func waitFor(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Threads of this process named as the hotplug event thread.
    static func hotplugThreads() -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.filter { task in
            let name = (try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? ""
            return name.hasPrefix("laneagent-usb")
        }.count
    }
}
