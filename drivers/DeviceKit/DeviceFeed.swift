import Synchronization

/// What a reconnecting device driver reports and keeps: its `events` stream and its health.
/// The driver says how to open and read its kind of device; this runs the open, read and
/// reopen loop, decodes what was read, and keeps the counters (connected, reconnects, bytes,
/// frame errors, last good frame) the same way for every kind of device.
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
    private func connected() {
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

    /// A reading that came whole rather than decoded from bytes (a chip read over PC/SC), with
    /// what it was made from (`raw`, empty when nothing may be kept).
    public func delivered(_ reading: Reading, raw: [UInt8] = []) {
        state.withLock { $0.health.lastGoodFrame = .now() }
        continuation.yield(.reading(reading, raw: raw))
    }

    /// Opens with `open` and reads with `read` until the task is cancelled, then finishes
    /// `events`. After a failure to open and after each lost connection it waits `backoff`'s
    /// next delay and opens again; with no backoff it makes one attempt (diagnostics). `report`
    /// hears every failure: `read`'s, or `lost()` when a connection ended without one.
    public func keepOpen<Connection, Failure: Error>(backoff: ReconnectBackoff?, open: () throws(Failure) -> Connection,
                                                     read: (Connection) async -> Failure?, lost: () -> Failure,
                                                     report: (Failure) -> Void) async {
        defer { finish() }
        var backoff = backoff
        while !Task.isCancelled {
            let connection: Connection
            do {
                connection = try open()
            } catch {
                report(error)
                guard backoff != nil, await backoff!.pause() else { return }
                continue
            }
            let opened = ContinuousClock.now
            connected()
            let failure = await read(connection)
            if Task.isCancelled { return }
            report(failure ?? lost())
            backoff?.connectionEnded(after: opened.duration(to: .now))
            guard backoff != nil, await backoff!.pause() else { return }
        }
    }

    /// The driver stopped reading: no more events come.
    private func finish() {
        state.withLock { $0.health.connected = false }
        continuation.finish()
    }

    private func receiveTime() -> ReceiveTime {
        let elapsed = ContinuousClock.now - started
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        return ReceiveTime(wall: .now(), monotonicMilliseconds: milliseconds)
    }
}
