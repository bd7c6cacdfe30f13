import ChipReaders
import Foundation
import LaneAgentTesting
import Testing

/// A pcscd of the tests' own with vsmartcard's virtual reader (vpcd), for the whole test
/// process: the PC/SC client library reads `PCSCLITE_CSOCK_NAME` once, at its first call, so
/// every PC/SC test here talks to this one daemon and the suites using it run serialised.
///
/// pcscd 1.9.9 always listens on `/run/pcscd/pcscd.comm`; to keep clear of a system pcscd it
/// runs in a mount namespace of its own (`unshare --mount`, root as CI is) where a temporary
/// directory is bind-mounted over `/run/pcscd`, so its socket appears in that directory. Its
/// reader.conf.d has only vpcd, on a free port pair (vpcd opens two slots: PORT and PORT+1).
actor VirtualReader {
    static let shared = VirtualReader()

    /// The vpcd slot the tests' passports go into, as pcscd names it.
    static let readerName = "Virtual PCD 00 00"

    /// What this machine lacks for the vpcd/vicc tests, or nil when it has everything.
    static let missing: String? = {
        let needed = [
            ("/usr/sbin/pcscd", "pcscd"), ("/usr/lib/pcsc/drivers/serial/libifdvpcd.so", "vsmartcard-vpcd"),
            ("/usr/lib/python3/site-packages/virtualsmartcard/virtualsmartcard/cards/ePass.py", "python3-virtualsmartcard"),
            ("/usr/bin/vicc", "vsmartcard-vpicc"), ("/usr/lib/python3/dist-packages/Cryptodome", "python3-pycryptodome"),
            ("/usr/bin/unshare", "util-linux"), ("/usr/bin/openssl", "openssl"),
        ]
        let absent = needed.filter { !FileManager.default.fileExists(atPath: $0.0) }.map(\.1)
        if !absent.isEmpty { return "pcscd/vicc tests need the Debian packages \(absent.joined(separator: ", ")) (apt-get install -y ...)" }
        if getuid() != 0 { return "pcscd/vicc tests run pcscd in a mount namespace of its own, which needs root (CI runs as root)" }
        guard let socket = ProcessInfo.processInfo.environment["PCSCLITE_CSOCK_NAME"], socket.hasPrefix("/"), socket.hasSuffix("/pcscd.comm") else {
            return "pcscd/vicc tests need PCSCLITE_CSOCK_NAME=/some/dir/pcscd.comm set before the tests start (deploy/dev.sh test sets it)"
        }
        return nil
    }()

    /// Where the tests' pcscd puts its socket: the folder of PCSCLITE_CSOCK_NAME, which the PC/SC
    /// client library reads at its first call. It comes from the environment the tests start with,
    /// never from setenv here: setenv while other tests' threads spawn children (Foundation's
    /// Process copies the environment) crashed a CI run in Process.run's memmove.
    static let socketDirectory = (ProcessInfo.processInfo.environment["PCSCLITE_CSOCK_NAME"] ?? "/run/pcscd/pcscd.comm")
        .split(separator: "/").dropLast().reduce("") { $0 + "/" + $1 }

    private var directory: TemporaryDirectory?
    private var daemon: ChildProcess?
    private(set) var port = 0

    /// The script that builds and serves vicc passports.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/vicc_passport.py").path

    /// Starts a fresh daemon (stopping the one running), so each test's card meets a reader that
    /// has seen no other; returns vpcd's port for slot 0.
    ///
    /// Why fresh: vpcd takes the next vicc into its slot whenever it next talks to the slot, and
    /// pcscd's delayed power-off of the previous card (its grace period) is such a moment. The new
    /// vicc then receives that power-off, pcscd never sees the old card leave nor the new one
    /// arrive, and the test waits forever for a card (about one run in seven, found with pcscd's
    /// --debug log). A real reader's card leaves physically, so this is the harness's quirk only.
    func start() async throws -> Int {
        if daemon != nil { await stop() }
        let directory = self.directory ?? TemporaryDirectory("pcscd")
        self.directory = directory
        if port == 0 {
            port = try Self.freePortPair()
            try FileManager.default.createDirectory(atPath: directory.file("conf"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: Self.socketDirectory, withIntermediateDirectories: true)
            await Self.stopLeftoverDaemon()
            let hex = "0x" + String(port, radix: 16)
            try """
                FRIENDLYNAME "Virtual PCD"
                DEVICENAME   /dev/null:\(hex)
                LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
                CHANNELID    \(hex)

                """.write(toFile: directory.file("conf/vpcd"), atomically: true, encoding: .utf8)
        }
        // --auto-exit is meant to end pcscd a minute after its last client, but with vpcd loaded the
        // last one was seen to outlive the test process for good: the next run's first start stops
        // it, and deploy/dev.sh test stops it on the way out.
        // /run/pcscd exists only once a system pcscd has run (systemd makes it), not on a machine
        // that has just installed the package, so the mount point is made first.
        let script = "mkdir -p /run/pcscd && mount --bind '\(Self.socketDirectory)' /run/pcscd"
            + " && exec /usr/sbin/pcscd --foreground --auto-exit --apdu -c '\(directory.file("conf"))'"
        let daemon = try ChildProcess("/usr/bin/unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script])
        self.daemon = daemon
        // Ready once a client gets a context through its socket.
        let deadline = ContinuousClock.now + .seconds(20)
        while (try? PCSCContext()) == nil {
            guard ContinuousClock.now < deadline else {
                throw HarnessError("pcscd did not start within 20 s: \(daemon.stdout.suffix(2000)) \(daemon.stderr.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // The previous test's card must be gone before the next is put on: vpcd takes a new vicc
        // only once it has seen the last one leave.
        for try await change in CardPresenceWatch.changes(reader: Self.readerName) where change == .absent { break }
        return port
    }

    /// Stops the daemon (SIGTERM) and waits for it; `start()` starts it again on the same socket and port.
    func stop() async {
        guard let daemon else { return }
        daemon.signal(SIGTERM)
        await daemon.wait()
        self.daemon = nil
    }

    /// Stops a pcscd an earlier test run left on this socket (see `start()`): pcscd refuses to
    /// start while the socket file exists. The pid file
    /// beside the socket names it; it is signalled only if that pid is a pcscd.
    private static func stopLeftoverDaemon() async {
        let pidFile = socketDirectory + "/pcscd.pid"
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
           let pid = Int32(text.prefix { $0.isASCII && $0.isNumber }), pid > 1,  // pcscd ends it "\n\0"
           procFile("/proc/\(pid)/comm").hasPrefix("pcscd") {
            kill(pid, SIGTERM)
            // Gone, or a zombie nobody reaps (a container's init may not): either way it has let go of the socket.
            for _ in 0..<250 where procFile("/proc/\(pid)/stat").split(separator: " ").dropFirst(2).first.map({ $0 != "Z" }) ?? false {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        for name in ["pcscd.comm", "pcscd.pid"] { try? FileManager.default.removeItem(atPath: socketDirectory + "/" + name) }
    }

    /// The start of a /proc file, read with read(2): procfs reports a size of 0, which Foundation's readers trust.
    private static func procFile(_ path: String) -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = read(fd, &buffer, buffer.count)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
    }

    /// What pcscd logged (with `--apdu`, every command and response), for recording traces.
    var log: String { (daemon?.stdout ?? "") + (daemon?.stderr ?? "") }

    /// A port P where P and P + 1 are both free on loopback, for vpcd's two slots.
    private static func freePortPair() throws -> Int {
        for _ in 0..<50 {
            let candidate = Int.random(in: 20_000...60_000)
            if portIsFree(candidate), portIsFree(candidate + 1) { return candidate }
        }
        throw HarnessError("no free port pair for vpcd")
    }

    private static func portIsFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = INADDR_ANY
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// A harness step that could not be done, with what it printed.
struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Every suite that puts cards on the one virtual reader, run one test at a time.
@Suite("vpcd and vicc", .serialized, .enabled(if: VirtualReader.missing == nil, "\(VirtualReader.missing ?? "")"))
enum VirtualReaderTests {}
