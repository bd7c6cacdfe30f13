import Foundation
import Synchronization

/// A pipe that wakes a thread blocked in poll(2); closed exactly once, and never written after,
/// so a late wake-up cannot land in a file that reused the descriptor number.
final class WakePipe: Sendable {
    private let descriptors: Mutex<(read: Int32, write: Int32)?>
    let readDescriptor: Int32

    init() throws(SerialPortError) {
        var pair: [Int32] = [-1, -1]
        guard pipe(&pair) == 0 else { throw SerialPortError(errno: errno, path: "(wake pipe)", operation: "open") }
        for descriptor in pair {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = fcntl(descriptor, F_SETFL, O_NONBLOCK)
        }
        descriptors = Mutex((pair[0], pair[1]))
        readDescriptor = pair[0]
    }

    /// Wakes the poller; does nothing once closed.
    func wake() {
        descriptors.withLock { pair in
            guard let pair else { return }
            var byte: UInt8 = 1
            _ = write(pair.write, &byte, 1)
        }
    }

    func close() {
        descriptors.withLock { pair in
            guard let open = pair else { return }
            Glibc.close(open.read)
            Glibc.close(open.write)
            pair = nil
        }
    }
}
