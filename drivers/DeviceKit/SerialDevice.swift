import Foundation
import LaneModel
import Synchronization

/// One device on a serial line: opens the port, decodes what arrives into readings, polls when
/// the protocol needs it, and reopens the port with backoff when it disappears (USB-serial
/// adapter unplugged: `EIO`, `ENXIO`, `ENOENT`). Events come out of `events` in order.
public final class SerialDevice<Session: SerialSession>: Sendable {
    public let id: String
    public let path: String
    public let settings: SerialSettings
    /// Readings, frame errors and health changes, until `run()` returns.
    public let events: AsyncStream<DeviceEvent<Session.Reading>>

    private let continuation: AsyncStream<DeviceEvent<Session.Reading>>.Continuation
    private let makeSession: @Sendable () -> Session
    private let backoff: ReconnectBackoff?
    private let state: Mutex<DeviceHealth>
    private let started = ContinuousClock.now

    /// `backoff` nil means one attempt: `run()` returns when the port cannot be opened or is lost
    /// (diagnostics); otherwise the device is reopened for as long as `run()` runs.
    public init(id: String, path: String, settings: SerialSettings, backoff: ReconnectBackoff? = ReconnectBackoff(),
                bufferingNewest: Int? = nil, makeSession: @escaping @Sendable () -> Session) {
        self.id = id
        self.path = path
        self.settings = settings
        self.backoff = backoff
        self.makeSession = makeSession
        self.state = Mutex(DeviceHealth(device: id))
        let policy: AsyncStream<DeviceEvent<Session.Reading>>.Continuation.BufferingPolicy =
            bufferingNewest.map { .bufferingNewest($0) } ?? .unbounded
        (events, continuation) = AsyncStream.makeStream(of: DeviceEvent<Session.Reading>.self, bufferingPolicy: policy)
    }

    /// The device's health now.
    public var health: DeviceHealth { state.withLock { $0 } }

    /// Reads the device until the task is cancelled (or, without backoff, until the first
    /// connection ends); then finishes `events`.
    public func run() async {
        defer { continuation.finish() }
        var backoff = self.backoff
        var everConnected = false
        while !Task.isCancelled {
            let port: SerialPort
            do {
                port = try SerialPort.open(path, settings: settings)
            } catch {
                report(failure: error, connected: false)
                guard var retry = backoff else { return }
                let delay = retry.next()
                backoff = retry
                do { try await Task.sleep(for: delay) } catch { return }
                continue
            }
            backoff?.reset()
            state.withLock {
                if everConnected { $0.reconnects += 1 }
                $0.connected = true
                $0.lastError = nil
            }
            everConnected = true
            continuation.yield(.health(health, failure: nil))
            let failure = await read(port)
            if Task.isCancelled { break }
            report(failure: failure ?? SerialPortError(kind: .disconnected, path: path, errorNumber: 0, operation: "read"), connected: false)
            guard backoff != nil else { return }
        }
        state.withLock { $0.connected = false }
    }

    private func report(failure: SerialPortError, connected: Bool) {
        let health = state.withLock {
            $0.connected = connected
            $0.lastError = failure.description
            return $0
        }
        continuation.yield(.health(health, failure: failure))
    }

    /// Reads one connection until it fails (returned) or the task is cancelled (nil).
    private func read(_ port: SerialPort) async -> SerialPortError? {
        let session = makeSession()
        let poll = session.poll
        return await withTaskGroup(of: SerialPortError?.self) { group in
            if let poll {
                group.addTask {
                    while !Task.isCancelled {
                        do throws(SerialPortError) { try port.write(poll.request) } catch { return error }
                        do { try await Task.sleep(for: poll.interval) } catch { return nil }
                    }
                    return nil
                }
            }
            group.addTask { [self, session] in
                var session = session
                do {
                    for try await chunk in port.chunks() {
                        let time = receiveTime()
                        state.withLock { $0.bytesReceived += chunk.count }
                        session.append(chunk)
                        while let step = session.next(at: time) { deliver(step, time: time) }
                    }
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

    private func receiveTime() -> ReceiveTime {
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return ReceiveTime(wall: .now(), monotonicMilliseconds: milliseconds)
    }

    private func deliver(_ step: DecodeStep<Session.Reading>, time: ReceiveTime) {
        switch step {
        case .frame(let reading, let raw):
            state.withLock { $0.lastGoodFrame = time.wall }
            continuation.yield(.reading(reading, raw: raw))
        case .error(let error):
            state.withLock { $0.frameErrors += 1 }
            continuation.yield(.frameError(error))
        }
    }
}
