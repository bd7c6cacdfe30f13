import Foundation
import Synchronization

/// A stand-in for systemd's end of `NOTIFY_SOCKET`: a Unix datagram socket in a temporary
/// folder whose messages a thread of its own collects (never a cooperative-pool thread).
final class NotifySocket: Sendable {
    let path: String
    private let descriptor: Int32
    private let messages = Mutex<[String]>([])
    private let stopped = Atomic<Bool>(false)

    init(path: String) throws {
        self.path = path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while !stopped.load(ordering: .relaxed) {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count > 0 { messages.withLock { $0.append(String(decoding: buffer[..<count], as: UTF8.self)) } }
            }
            close(descriptor)
        }
        thread.start()
    }

    /// Every message received so far, in order.
    var received: [String] { messages.withLock { $0 } }

    /// Waits (asleep, not blocking) until `condition` holds for the messages or `seconds` pass.
    func wait(seconds: Double, until condition: ([String]) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition(received) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(received)
    }

    func stop() { stopped.store(true, ordering: .relaxed) }
}
