import Foundation

/// An open serial port in raw mode (termios), by path: `/dev/ttyUSB0`, `/dev/serial/by-id/…`,
/// a udev symlink or a pseudo-terminal. Closed when the last reference goes.
public final class SerialPort: Sendable {
    public let path: String
    public let settings: SerialSettings
    let descriptor: Int32

    private init(path: String, settings: SerialSettings, descriptor: Int32) {
        self.path = path
        self.settings = settings
        self.descriptor = descriptor
    }

    deinit {
        // A pseudo-terminal outlives its reader (the simulator holds the other side), and so
        // would the exclusive claim: without this the next non-root open gets EBUSY.
        _ = ioctl(descriptor, UInt(TIOCNXCL))
        close(descriptor)
    }

    /// Gives up the exclusive claim before the port is closed, so this process can open the
    /// path again at once while the reader thread of this one winds down.
    public func releaseExclusive() {
        _ = ioctl(descriptor, UInt(TIOCNXCL))
    }

    /// Opens `path` (following symlinks), claims it exclusively, sets `settings` in raw mode and
    /// discards bytes that arrived before anyone was listening.
    public static func open(_ path: String, settings: SerialSettings) throws(SerialPortError) -> SerialPort {
        if let problem = settings.problem {
            throw SerialPortError(kind: .notATerminal, path: path, errorNumber: EINVAL, operation: "configure (\(problem))")
        }
        let descriptor = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw SerialPortError(errno: errno, path: path, operation: "open") }
        let port = SerialPort(path: path, settings: settings, descriptor: descriptor)
        guard isatty(descriptor) == 1 else {
            throw SerialPortError(kind: .notATerminal, path: path, errorNumber: ENOTTY, operation: "configure")
        }
        // A second program reading the same port would steal half the frames of each.
        guard ioctl(descriptor, UInt(TIOCEXCL)) == 0 else { throw SerialPortError(errno: errno, path: path, operation: "configure") }
        try port.configure()
        tcflush(descriptor, TCIFLUSH)
        return port
    }

    private func configure() throws(SerialPortError) {
        var options = termios()
        guard tcgetattr(descriptor, &options) == 0 else { throw SerialPortError(errno: errno, path: path, operation: "configure") }
        cfmakeraw(&options)
        options.c_cflag |= tcflag_t(CLOCAL | CREAD)
        // Settings stay on a tty after the last program closes it, and cfmakeraw leaves flow
        // control alone: RTS/CTS on a three-wire indicator cable would hold every poll, and
        // XOFF/XON sent by the kernel would reach a polled indicator as commands.
        options.c_cflag &= ~(tcflag_t(CSIZE | PARENB | PARODD | CSTOPB) | tcflag_t(CRTSCTS))
        options.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        let size: Int32 = switch settings.dataBits {
        case 5: CS5
        case 6: CS6
        case 7: CS7
        default: CS8
        }
        options.c_cflag |= tcflag_t(size)
        switch settings.parity {
        case .none: break
        case .even: options.c_cflag |= tcflag_t(PARENB); options.c_iflag |= tcflag_t(INPCK)
        case .odd: options.c_cflag |= tcflag_t(PARENB | PARODD); options.c_iflag |= tcflag_t(INPCK)
        }
        if settings.stopBits == 2 { options.c_cflag |= tcflag_t(CSTOPB) }
        // Reads return what is there; poll(2) does the waiting.
        withUnsafeMutableBytes(of: &options.c_cc) { characters in
            characters[Int(VMIN)] = 0
            characters[Int(VTIME)] = 0
        }
        let speed = Self.speed(settings.baud)
        guard cfsetispeed(&options, speed) == 0, cfsetospeed(&options, speed) == 0,
              tcsetattr(descriptor, TCSANOW, &options) == 0 else {
            throw SerialPortError(errno: errno, path: path, operation: "configure")
        }
    }

    static func speed(_ baud: Int) -> speed_t {
        switch baud {
        case 300: speed_t(B300)
        case 600: speed_t(B600)
        case 1200: speed_t(B1200)
        case 2400: speed_t(B2400)
        case 4800: speed_t(B4800)
        case 19200: speed_t(B19200)
        case 38400: speed_t(B38400)
        case 57600: speed_t(B57600)
        case 115200: speed_t(B115200)
        case 230400: speed_t(B230400)
        default: speed_t(B9600)
        }
    }

    /// The baud rate of a termios speed constant, or nil for one `speed(_:)` never sets.
    static func baud(_ speed: speed_t) -> Int? {
        [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400].first { Self.speed($0) == speed }
    }

    /// Bytes as they arrive, until the stream is dropped; ends with `SerialPortError` when the
    /// device goes away.
    public func chunks() -> AsyncThrowingStream<[UInt8], any Error> {
        DescriptorReader.chunks(of: descriptor, path: path, owner: self)
    }

    /// Writes all of `bytes`, waiting up to a second for the line to take them; the wait
    /// suspends the task rather than holding one of the few cooperative threads.
    public func write(_ bytes: [UInt8]) async throws(SerialPortError) {
        try await DescriptorWriter.write(bytes, to: descriptor, path: path, timeout: .seconds(1))
    }
}
