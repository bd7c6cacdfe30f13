import Synchronization

/// What a reconnecting device driver reports and keeps: its `events` stream and its health.
/// The driver opens, reads and reopens its device; this decodes what it read and keeps the
/// counters (connected, reconnects, bytes, frame errors, last good frame) the same way for
/// every kind of device.
public final class DeviceFeed<Reading: Sendable>: Sendable {
    public let events: AsyncStream<DeviceEvent<Reading>>
    private let continuation: AsyncStream<DeviceEvent<Reading>>.Continuation
    private let state: Mutex<(health: DeviceHealth, everConnected: Bool)>
    private let started = ContinuousClock.now

    /// `bufferingNewest` keeps only that many unread events (a reader that may fall behind);
    /// nil keeps them all.
    public init(device: String, bufferingNewest: Int? = nil) {
        state = Mutex((DeviceHealth(device: device), false))
        let policy: AsyncStream<DeviceEvent<Reading>>.Continuation.BufferingPolicy =
            bufferingNewest.map { .bufferingNewest($0) } ?? .unbounded
        (events, continuation) = AsyncStream.makeStream(of: DeviceEvent<Reading>.self, bufferingPolicy: policy)
    }

    /// The device's health now.
    public var health: DeviceHealth { state.withLock { $0.health } }

    /// The device is open: counts a reconnect if it was open before.
    public func connected() {
        let health = state.withLock { state in
            if state.everConnected { state.health.reconnects += 1 }
            state.everConnected = true
            state.health.connected = true
            state.health.lastError = nil
            return state.health
        }
        continuation.yield(.health(health, failure: nil))
    }

    /// The device could not be opened, or was lost: `description` is what the health shows.
    public func failed(_ description: String, failure: SerialPortError) {
        let health = state.withLock { state in
            state.health.connected = false
            state.health.lastError = description
            return state.health
        }
        continuation.yield(.health(health, failure: failure))
    }

    /// Decodes `chunk`, just read, with `session`, and reports each frame or frame error.
    public func received<Session: SerialSession>(_ chunk: [UInt8], by session: inout Session) where Session.Reading == Reading {
        let time = receiveTime()
        state.withLock { $0.health.bytesReceived += chunk.count }
        session.append(chunk)
        while let step = session.next(at: time) {
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

    /// The driver stopped reading: no more events come.
    public func finish() {
        state.withLock { $0.health.connected = false }
        continuation.finish()
    }

    private func receiveTime() -> ReceiveTime {
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return ReceiveTime(wall: .now(), monotonicMilliseconds: milliseconds)
    }
}
