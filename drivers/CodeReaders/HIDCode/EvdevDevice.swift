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
    /// Readings, frame errors and health changes, until `run()` returns.
    public let events: AsyncStream<DeviceEvent<Session.Reading>>

    private let continuation: AsyncStream<DeviceEvent<Session.Reading>>.Continuation
    private let makeSession: @Sendable () -> Session
    private let backoff: ReconnectBackoff?
    private let state: Mutex<(health: DeviceHealth, failure: EvdevError?)>
    private let started = ContinuousClock.now

    /// `backoff` nil means one attempt: `run()` returns when the device cannot be opened or is
    /// lost (diagnostics); otherwise it is reopened for as long as `run()` runs.
    public init(id: String, path: String, grab: Bool = true, backoff: ReconnectBackoff? = ReconnectBackoff(),
                bufferingNewest: Int? = nil, makeSession: @escaping @Sendable () -> Session) {
        self.id = id
        self.path = path
        self.grab = grab
        self.backoff = backoff
        self.makeSession = makeSession
        self.state = Mutex((DeviceHealth(device: id), nil))
        let policy: AsyncStream<DeviceEvent<Session.Reading>>.Continuation.BufferingPolicy =
            bufferingNewest.map { .bufferingNewest($0) } ?? .unbounded
        (events, continuation) = AsyncStream.makeStream(of: DeviceEvent<Session.Reading>.self, bufferingPolicy: policy)
    }

    /// The device's health now.
    public var health: DeviceHealth { state.withLock { $0.health } }

    /// The last open, grab or read failure, worded for input devices; nil while connected.
    public var lastFailure: EvdevError? { state.withLock { $0.failure } }

    /// Reads the device until the task is cancelled (or, without backoff, until the first
    /// connection ends); then finishes `events`.
    public func run() async {
        defer { continuation.finish() }
        var backoff = self.backoff
        var everConnected = false
        while !Task.isCancelled {
            let device: InputDevice
            do {
                device = try InputDevice.open(path, grab: grab)
            } catch {
                report(error)
                guard var retry = backoff else { return }
                let delay = retry.next()
                backoff = retry
                do { try await Task.sleep(for: delay) } catch { return }
                continue
            }
            backoff?.reset()
            let health = state.withLock {
                if everConnected { $0.health.reconnects += 1 }
                $0.health.connected = true
                $0.health.lastError = nil
                $0.failure = nil
                return $0.health
            }
            everConnected = true
            continuation.yield(.health(health, failure: nil))
            let failure = await read(device)
            if Task.isCancelled { break }
            report(failure ?? EvdevError(kind: .disconnected, path: path, errorNumber: 0, operation: "read"))
            guard backoff != nil else { return }
        }
        state.withLock { $0.health.connected = false }
    }

    private func report(_ failure: EvdevError) {
        let health = state.withLock {
            $0.health.connected = false
            $0.health.lastError = failure.description
            $0.failure = failure
            return $0.health
        }
        continuation.yield(.health(health, failure: failure.serialPortError))
    }

    /// Reads one connection until it fails (returned) or the task is cancelled (nil).
    private func read(_ device: InputDevice) async -> EvdevError? {
        var session = makeSession()
        do {
            for try await chunk in device.chunks() {
                let time = receiveTime()
                state.withLock { $0.health.bytesReceived += chunk.count }
                session.append(chunk)
                while let step = session.next(at: time) { deliver(step, time: time) }
            }
            return nil
        } catch let error as EvdevError {
            return error
        } catch {
            return EvdevError(kind: .system, path: path, errorNumber: 0, operation: "read (\(error))")
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
            state.withLock { $0.health.lastGoodFrame = time.wall }
            continuation.yield(.reading(reading, raw: raw))
        case .error(let error):
            state.withLock { $0.health.frameErrors += 1 }
            continuation.yield(.frameError(error))
        }
    }
}
