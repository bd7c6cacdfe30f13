import Foundation

/// Many TCP connections that send a few bytes of a request and then nothing, opened from one
/// loopback source address: what an attacker on the lane network does to use up a server's
/// descriptors. Closed when released.
public final class IdleConnections: @unchecked Sendable {
    public private(set) var sockets: [Int32] = []

    /// Opens them on a thread of its own: `connect` blocks for seconds once the server's accept
    /// backlog is full, and a blocked cooperative thread starves every other test in the process.
    public static func open(count: Int, from source: String, port: Int,
                            prefix: String = "POST /devices/x/events HTTP/1.1\r\nHost: x\r\n") async throws -> IdleConnections {
        try await DedicatedThread.run { Result { try IdleConnections(count: count, from: source, port: port, prefix: prefix) } }.get()
    }

    /// Opens `count` connections from `source` (an address in 127.0.0.0/8) to 127.0.0.1:`port`,
    /// each sending `prefix`. Connections the server refuses are kept too (they read EOF).
    init(count: Int, from source: String, port: Int, prefix: String) throws {
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw IdleConnectionError("socket: \(String(cString: strerror(errno)))") }
            var local = sockaddr_in()
            local.sin_family = sa_family_t(AF_INET)
            inet_pton(AF_INET, source, &local.sin_addr)
            var remote = sockaddr_in()
            remote.sin_family = sa_family_t(AF_INET)
            remote.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
            let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            let connected = withUnsafePointer(to: &remote) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            guard bound == 0, connected == 0 else {
                close(fd)
                throw IdleConnectionError("bind/connect from \(source): \(String(cString: strerror(errno)))")
            }
            _ = prefix.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            sockets.append(fd)
        }
    }

    /// How many of the connections the server has closed (a read returns EOF or an error at once).
    public func closedByServer() -> Int {
        sockets.filter { fd in
            var pollfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pollfd, 1, 0) > 0 else { return false }
            var byte: UInt8 = 0
            return recv(fd, &byte, 1, Int32(MSG_DONTWAIT)) <= 0
        }.count
    }

    deinit { for fd in sockets { close(fd) } }
}

/// Why the connections could not be opened.
public struct IdleConnectionError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
