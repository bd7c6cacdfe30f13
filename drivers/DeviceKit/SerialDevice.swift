import Foundation
import LaneModel

/// One device on a serial line: opens the port, decodes what arrives into readings, polls when
/// the protocol needs it, and reopens the port with backoff when it disappears (USB-serial
/// adapter unplugged: `EIO`, `ENXIO`, `ENOENT`). Events come out of `events` in order.
public final class SerialDevice<Session: SerialSession>: Sendable {
    public let id: String
    public let path: String
    public let settings: SerialSettings

    private let feed: DeviceFeed<Session.Reading>
    private let makeSession: @Sendable () -> Session
    private let backoff: ReconnectBackoff?

    /// `backoff` nil means one attempt: `run()` returns when the port cannot be opened or is lost
    /// (diagnostics); otherwise the device is reopened for as long as `run()` runs.
    public init(id: String, path: String, settings: SerialSettings, backoff: ReconnectBackoff? = ReconnectBackoff(),
                bufferingNewest: Int? = nil, makeSession: @escaping @Sendable () -> Session) {
        self.id = id
        self.path = path
        self.settings = settings
        self.backoff = backoff
        self.makeSession = makeSession
        feed = DeviceFeed(device: id, bufferingNewest: bufferingNewest)
    }

    /// Readings, frame errors and health changes, until `run()` returns.
    public var events: AsyncStream<DeviceEvent<Session.Reading>> { feed.events }

    /// The device's health now.
    public var health: DeviceHealth { feed.health }

    /// Reads the device until the task is cancelled (or, without backoff, until the first
    /// connection ends); then finishes `events`.
    public func run() async {
        let (path, settings, feed) = (self.path, self.settings, self.feed)
        await feed.keepOpen(backoff: backoff,
                            open: { () throws(SerialPortError) in try SerialPort.open(path, settings: settings) },
                            read: read,
                            lost: { SerialPortError(kind: .disconnected, path: path, errorNumber: 0, operation: "read") },
                            report: { feed.failed($0.description, failure: $0) })
    }

    /// Reads one connection until it fails (returned) or the task is cancelled (nil).
    private func read(_ port: SerialPort) async -> SerialPortError? {
        let session = makeSession()
        let poll = session.poll
        return await withTaskGroup(of: SerialPortError?.self) { group in
            if let poll {
                group.addTask {
                    while !Task.isCancelled {
                        do throws(SerialPortError) { try await port.write(poll.request) } catch { return error }
                        do { try await Task.sleep(for: poll.interval) } catch { return nil }
                    }
                    return nil
                }
            }
            group.addTask { [feed, path, session] in
                var session = session
                do {
                    for try await chunk in port.chunks() { feed.received(chunk, by: &session) }
                    return nil
                } catch let error as SerialPortError {
                    return error
                } catch {
                    return SerialPortError(kind: .system, path: path, errorNumber: 0, operation: "read (\(error))")
                }
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
