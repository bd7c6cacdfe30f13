import CPTY
import Foundation

/// A pseudo-terminal pair standing in for a serial line: a device simulator holds the master
/// side and the driver opens the slave (`/dev/pts/N`, or a symlink to it) as its serial port.
public final class PseudoTerminal: Sendable {
    /// The slave device a driver opens, such as `/dev/pts/7`.
    public let slavePath: String
    let master: Int32
    /// Held open so the master never sees a hang-up between the driver's reconnects.
    private let slaveHold: Int32

    /// Opens a new pair, with the line in raw mode so frames pass unchanged.
    public init() throws(SerialPortError) {
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { throw SerialPortError(errno: errno, path: "/dev/ptmx", operation: "open") }
        var number: UInt32 = 0
        guard laneagent_pty_unlock(master) == 0, laneagent_pty_number(master, &number) == 0 else {
            let failure = errno
            close(master)
            throw SerialPortError(errno: failure, path: "/dev/ptmx", operation: "open")
        }
        let path = "/dev/pts/\(number)"
        let slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            let number = errno
            close(master)
            throw SerialPortError(errno: number, path: path, operation: "open")
        }
        var options = termios()
        tcgetattr(slave, &options)
        cfmakeraw(&options)
        tcsetattr(slave, TCSANOW, &options)
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        self.master = master
        self.slaveHold = slave
        self.slavePath = path
    }

    deinit {
        close(master)
        close(slaveHold)
    }

    /// Points the symlink `path` at the slave (replacing an older link atomically), the way udev
    /// gives a real adapter a stable name.
    public func link(at path: String) throws(SerialPortError) {
        let temporary = "\(path).\(getpid()).link"
        unlink(temporary)
        guard symlink(slavePath, temporary) == 0 else { throw SerialPortError(errno: errno, path: path, operation: "link") }
        guard rename(temporary, path) == 0 else {
            let number = errno
            unlink(temporary)
            throw SerialPortError(errno: number, path: path, operation: "link")
        }
    }

    /// Writes `bytes` as the device would send them. Returns false when the line is full
    /// because nobody reads the other end: like a real line, the bytes are then dropped.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        do {
            try DescriptorWriter.writeNow(bytes, to: master, path: slavePath)
            return true
        } catch {
            return false
        }
    }

    /// The baud rate the driver last set on its end of the line (a pseudo-terminal keeps the
    /// setting but ignores it), so a simulator can act out a speed mismatch; nil if unknown.
    public var lineBaud: Int? {
        var options = termios()
        guard tcgetattr(slaveHold, &options) == 0 else { return nil }
        return SerialPort.baud(cfgetospeed(&options))
    }

    /// Bytes the driver writes to the line (commands to a polled device).
    public func received() -> AsyncThrowingStream<[UInt8], any Error> {
        DescriptorReader.chunks(of: master, path: slavePath, owner: self)
    }
}
