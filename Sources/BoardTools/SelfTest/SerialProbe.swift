import Agent
import DeviceKit
import Foundation
import Synchronization

/// Opens a serial device once (no reconnecting) and waits for its first valid frame, keeping
/// the frame errors and byte count for the diagnosis when none comes.
enum SerialProbe {
    /// How the wait ended.
    enum Ending<Reading: Sendable>: Sendable {
        case reading(Reading, afterSeconds: Double)
        case openFailed(SerialPortError)
        case lost(SerialPortError)
        case timedOut
    }

    /// What the probe saw.
    struct Result<Reading: Sendable>: Sendable {
        let ending: Ending<Reading>
        let frameErrors: [FrameError]
        let bytesReceived: Int
    }

    private final class Seen: Sendable {
        let errors = Mutex<[FrameError]>([])
    }

    static func first<Session: SerialSession>(_ device: SerialDevice<Session>, seconds: Double) async -> Result<Session.Reading> {
        let seen = Seen()
        let started = ContinuousClock.now
        let deviceTask = Task { await device.run() }
        let ending = await withTaskGroup(of: Ending<Session.Reading>?.self) { group in
            group.addTask {
                var connected = false
                for await event in device.events {
                    switch event {
                    case .reading(let reading, _):
                        let elapsed = ContinuousClock.now - started
                        return .reading(reading, afterSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                    case .frameError(let error):
                        seen.errors.withLock { $0.append(error) }
                    case .health(_, let failure?):
                        return connected ? .lost(failure) : .openFailed(failure)
                    case .health:
                        connected = true
                    }
                }
                return nil
            }
            group.addTask {
                do { try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) } catch { return nil }
                return .timedOut
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .timedOut
        }
        deviceTask.cancel()
        // The port is closed before the result is used, so the next check may open it again.
        await deviceTask.value
        return Result(ending: ending, frameErrors: seen.errors.withLock { $0 }, bytesReceived: device.health.bytesReceived)
    }
}
