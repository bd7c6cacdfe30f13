import DeviceKit
import Foundation
import LaneModel
import Synchronization

/// One keyboard-mode reader on a Linux input device: opens and grabs it, decodes the key events
/// into readings, and reopens it with backoff when it disappears (reader unplugged: `ENODEV`).
/// Events come out of `events` in order, shaped as `SerialDevice`'s are: health failures carry
/// `EvdevError.serialPortError` (the type `DeviceEvent` takes), and `health.lastError` and
/// `lastFailure` the `EvdevError` itself, worded for input devices.
public final class EvdevDevice<Session: SerialSession>: Sendable {
    public let id: String
    public let path: String
    /// False only in tests that feed a FIFO: a FIFO cannot be grabbed.
    public let grab: Bool

    private let feed: DeviceFeed<Session.Reading>
    private let makeSession: @Sendable () -> Session
    private let backoff: ReconnectBackoff?
    private let failure = Mutex<EvdevError?>(nil)

    /// `backoff` nil means one attempt: `run()` returns when the device cannot be opened or is
    /// lost (diagnostics); otherwise it is reopened for as long as `run()` runs.
    public init(id: String, path: String, grab: Bool = true, backoff: ReconnectBackoff? = ReconnectBackoff(),
                bufferingNewest: Int? = nil, makeSession: @escaping @Sendable () -> Session) {
        self.id = id
        self.path = path
        self.grab = grab
        self.backoff = backoff
        self.makeSession = makeSession
        feed = DeviceFeed(device: id, bufferingNewest: bufferingNewest)
    }

    /// Readings, frame errors and health changes, until `run()` returns.
    public var events: AsyncStream<DeviceEvent<Session.Reading>> { feed.events }

    /// The device's health now.
    public var health: DeviceHealth { feed.health }

    /// The last open, grab or read failure, worded for input devices; nil while connected.
    public var lastFailure: EvdevError? { feed.health.connected ? nil : failure.withLock { $0 } }

    /// Reads the device until the task is cancelled (or, without backoff, until the first
    /// connection ends); then finishes `events`.
    public func run() async {
        let (path, grab) = (self.path, self.grab)
        await feed.keepOpen(backoff: backoff,
                            open: { () throws(EvdevError) in try InputDevice.open(path, grab: grab) },
                            read: read,
                            lost: { EvdevError(kind: .disconnected, path: path, errorNumber: 0, operation: "read") },
                            report: report)
    }

    private func report(_ error: EvdevError) {
        failure.withLock { $0 = error }
        feed.failed(error.description, failure: error.serialPortError)
    }

    /// Reads one connection until it fails (returned) or the task is cancelled (nil).
    private func read(_ device: InputDevice) async -> EvdevError? {
        var session = makeSession()
        do {
            for try await chunk in device.chunks() { feed.received(chunk, by: &session) }
            return nil
        } catch let error as EvdevError {
            return error
        } catch {
            return EvdevError(kind: .system, path: path, errorNumber: 0, operation: "read (\(error))")
        }
    }
}
