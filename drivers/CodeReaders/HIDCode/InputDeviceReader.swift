import Foundation
import Synchronization

/// Reads an input device on its own thread (poll(2), then read(2)) so a reader that sends
/// nothing for hours never holds a cooperative thread. DeviceKit's `DescriptorReader` does the
/// same for serial ports but is internal to DeviceKit and speaks `SerialPortError`; this one
/// wakes every 200 ms to see whether the stream was dropped.
enum InputDeviceReader {
    /// Chunks read from `descriptor` until the stream is dropped or the device goes away.
    /// `owner` keeps the descriptor open while the thread runs.
    static func chunks(of descriptor: Int32, path: String, owner: some AnyObject & Sendable) -> AsyncThrowingStream<[UInt8], any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        let stop = StopFlag()
        continuation.onTermination = { _ in stop.set() }
        let thread = Thread {
            withExtendedLifetime(owner) {
                if let failure = readLoop(descriptor, path: path, stop: stop, continuation) {
                    continuation.finish(throwing: failure)
                } else {
                    continuation.finish()
                }
            }
        }
        thread.name = "read \(path)"
        thread.start()
        return stream
    }

    /// Returns nil when told to stop, or the error that ended reading.
    private static func readLoop(_ descriptor: Int32, path: String, stop: StopFlag,
                                 _ continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation) -> EvdevError? {
        // A whole number of records of either size (24 and 16 both divide 4,800).
        var buffer = [UInt8](repeating: 0, count: 4800)
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        while !stop.isSet {
            descriptors[0].revents = 0
            let ready = poll(&descriptors, 1, 200)
            if ready < 0 {
                if errno == EINTR { continue }
                return EvdevError(errno: errno, path: path, operation: "read")
            }
            if ready == 0 { continue }
            let events = Int32(descriptors[0].revents)
            if events & Int32(POLLNVAL) != 0 { return EvdevError(kind: .disconnected, path: path, errorNumber: EBADF, operation: "read") }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                continuation.yield(Array(buffer[0..<count]))
                continue
            }
            // End of file: the writer of a FIFO closed it (an input device never ends otherwise).
            if count == 0 { return EvdevError(kind: .disconnected, path: path, errorNumber: 0, operation: "read") }
            switch errno {
            case EINTR, EAGAIN:
                if events & Int32(POLLHUP | POLLERR) != 0 {
                    return EvdevError(kind: .disconnected, path: path, errorNumber: ENODEV, operation: "read")
                }
            case let number:
                return EvdevError(errno: number, path: path, operation: "read")
            }
        }
        return nil
    }
}

/// Set once, from any thread, when the reading thread must stop.
private final class StopFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    func set() { flag.store(true, ordering: .releasing) }
    var isSet: Bool { flag.load(ordering: .acquiring) }
}
