import CLibUSB
import Foundation
import Synchronization

/// Turns libusb's hotplug callbacks into an `AsyncThrowingStream`, handling libusb events on a
/// thread of its own (libusb calls back only from inside `libusb_handle_events…`).
final class USBHotplugMonitor: Sendable {
    typealias Events = AsyncThrowingStream<USBHotplugEvent, any Error>

    /// A device libusb reported, referenced (`libusb_ref_device`) until the event thread read it.
    // @unchecked: a referenced libusb device may be used from any thread; the callback hands it
    // to the event thread through the lock.
    private struct Pending: @unchecked Sendable {
        let change: USBHotplugEvent.Change
        let device: OpaquePointer
    }

    /// How long one `libusb_handle_events_timeout_completed` waits: how soon a stopped watch ends.
    private static let pollInterval = timeval(tv_sec: 0, tv_usec: 200_000)

    private let context: USBContext
    private let continuation: Events.Continuation
    private let pending = Mutex<[Pending]>([])
    private let stopping = Atomic<Bool>(false)

    private init(context: USBContext, continuation: Events.Continuation) {
        self.context = context
        self.continuation = continuation
    }

    /// Registers for arrivals (every present device first) and departures, and starts the
    /// event thread; the stream's end (consumer gone or cancelled) stops it.
    static func start(_ context: USBContext) throws(USBError) -> Events {
        let (stream, continuation) = Events.makeStream()
        let monitor = USBHotplugMonitor(context: context, continuation: continuation)
        let handle = try monitor.register()
        continuation.onTermination = { _ in monitor.stopping.store(true, ordering: .releasing) }
        let thread = Thread {
            // Named for ps and top. A thread may rename itself through its own comm (proc(5));
            // Foundation's Thread.name can be lost when the thread runs before start() returns.
            try? "laneagent-usb".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            monitor.run(handle)
        }
        thread.start()
        return stream
    }

    private func register() throws(USBError) -> libusb_hotplug_callback_handle {
        var handle: libusb_hotplug_callback_handle = 0
        let events = Int32(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED.rawValue | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT.rawValue)
        // The monitor outlives the registration: the event thread holds it until it deregisters.
        let result = libusb_hotplug_register_callback(
            context.pointer, events, Int32(LIBUSB_HOTPLUG_ENUMERATE.rawValue),
            LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
            { _, device, event, userData in
                guard let device, let userData else { return 0 }
                let monitor = Unmanaged<USBHotplugMonitor>.fromOpaque(userData).takeUnretainedValue()
                monitor.received(device, arrived: event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED)
                return 0  // stay registered
            },
            Unmanaged.passUnretained(self).toOpaque(), &handle)
        guard result == LIBUSB_SUCCESS.rawValue else {
            throw USBError(kind: .hotplugFailed, operation: "libusb_hotplug_register_callback", libusbCode: result)
        }
        return handle
    }

    /// libusb's callback: only note the device. Opening it here is not allowed (libusb's
    /// hotplug documentation), so its strings are read on the event thread afterwards.
    private func received(_ device: OpaquePointer, arrived: Bool) {
        libusb_ref_device(device)
        pending.withLock { $0.append(Pending(change: arrived ? .arrived : .left, device: device)) }
    }

    /// The event thread: handle libusb events until stopped, then deregister and end the stream.
    private func run(_ handle: libusb_hotplug_callback_handle) {
        // What arrived, by position and id, so a departure can say what it was and a device
        // reported twice (libusb may, with LIBUSB_HOTPLUG_ENUMERATE) is reported once.
        var present: [String: USBDevice] = [:]
        var failure: USBError?
        deliver(&present)
        while !stopping.load(ordering: .acquiring) {
            var timeout = Self.pollInterval
            let result = libusb_handle_events_timeout_completed(context.pointer, &timeout, nil)
            if result != LIBUSB_SUCCESS.rawValue && result != LIBUSB_ERROR_INTERRUPTED.rawValue {
                failure = USBError(kind: .hotplugFailed, operation: "libusb_handle_events_timeout_completed", libusbCode: result)
                break
            }
            deliver(&present)
        }
        libusb_hotplug_deregister_callback(context.pointer, handle)
        for item in pending.withLock({ items in defer { items.removeAll() }; return items }) {
            libusb_unref_device(item.device)
        }
        continuation.finish(throwing: failure)
    }

    /// Reads and yields what the callback noted, releasing each device.
    private func deliver(_ present: inout [String: USBDevice]) {
        let items = pending.withLock { items in defer { items.removeAll() }; return items }
        for item in items {
            defer { libusb_unref_device(item.device) }
            guard let device = USBDeviceReader.read(item.device, readStrings: item.change == .arrived) else { continue }
            let key = device.path + " " + device.id
            switch item.change {
            case .arrived:
                guard present[key] == nil else { continue }
                present[key] = device
                continuation.yield(USBHotplugEvent(change: .arrived, device: device))
            case .left:
                let known = present.removeValue(forKey: key)
                continuation.yield(USBHotplugEvent(change: .left, device: known ?? device))
            }
        }
    }
}
