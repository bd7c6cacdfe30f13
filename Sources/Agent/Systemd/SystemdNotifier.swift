import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends sd_notify(3) states to systemd over `$NOTIFY_SOCKET`: one `AF_UNIX` datagram per
/// message, newline-separated `KEY=VALUE` lines. Written here rather than linking libsystemd,
/// which a board may not have and which the protocol does not need.
public struct SystemdNotifier: Sendable {
    /// The socket path as systemd gave it (`@…` for the abstract namespace).
    public let socketPath: String
    /// How often systemd expects `WATCHDOG=1`, when the unit has `WatchdogSec=`.
    public let watchdogInterval: Duration?

    /// The notifier systemd set up for this process, or nil when not started by systemd with
    /// `Type=notify` (no `NOTIFY_SOCKET`): then the daemon runs exactly as before.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       pid: Int32 = getpid()) -> SystemdNotifier? {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty else { return nil }
        return SystemdNotifier(socketPath: path, watchdogInterval: watchdog(environment, pid: pid))
    }

    public init(socketPath: String, watchdogInterval: Duration?) {
        self.socketPath = socketPath
        self.watchdogInterval = watchdogInterval
    }

    /// `WATCHDOG_USEC`, unless `WATCHDOG_PID` names another process (the variables were
    /// inherited, not meant for us).
    static func watchdog(_ environment: [String: String], pid: Int32) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let usec = Int64(text), usec > 0 else { return nil }
        if let owner = environment["WATCHDOG_PID"], let ownerPid = Int32(owner), ownerPid != pid { return nil }
        return .microseconds(usec)
    }

    /// Sends one message, for example `"READY=1\nSTATUS=lanes running"`.
    public func send(_ message: String) throws(SystemdNotifyError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(socketPath.utf8)
        // A leading '@' is how systemd writes an abstract socket name, whose first byte is NUL.
        let abstract = bytes.first == UInt8(ascii: "@")
        if abstract { bytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard bytes.count < capacity, bytes.first == 0 || bytes.first == UInt8(ascii: "/") else {
            throw .badSocket(socketPath, "not an absolute path or @abstract name shorter than \(capacity) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { path in
            path.copyBytes(from: bytes)
        }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + bytes.count + (abstract ? 0 : 1))
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .send(socketPath, String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let payload = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                sendto(descriptor, payload, payload.count, Int32(MSG_NOSIGNAL), socketAddress, length)
            }
        }
        guard sent == payload.count else { throw .send(socketPath, String(cString: strerror(errno))) }
    }
}
