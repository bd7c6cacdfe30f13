import CGPIOD
import Foundation
import LaneModel
import Synchronization

/// An input line requested through libgpiod v1 for both edges. Its events are read on a thread of
/// its own, which waits in poll(2) on the line's event descriptor and a wake-up pipe, so reading
/// never blocks Swift's cooperative threads and `release()` stops it at once.
final class LibgpiodInputLine: GPIOInputLine {
    /// How long one poll waits: a backstop for stopping if the wake-up write were lost.
    private static let pollMilliseconds: Int32 = 100

    let chip: LibgpiodChip
    let name: String
    let line: LibgpiodLine
    let edges: AsyncStream<GPIOEdge>
    private let continuation: AsyncStream<GPIOEdge>.Continuation
    private let eventDescriptor: Int32
    /// The pipe `release()` writes to, to wake the event thread: [read end, write end].
    private let wake: [Int32]
    private let stopping = Atomic<Bool>(false)
    /// Set by the event thread once it has released the line.
    private let released = Atomic<Bool>(false)

    private init(chip: LibgpiodChip, name: String, line: LibgpiodLine, fd: Int32, wake: [Int32]) {
        self.chip = chip
        self.name = name
        self.line = line
        self.eventDescriptor = fd
        self.wake = wake
        (edges, continuation) = AsyncStream.makeStream(of: GPIOEdge.self)
    }

    /// Wraps a line requested for edge events and starts its event thread; releases the line if
    /// the thread cannot be set up.
    static func start(chip: LibgpiodChip, name: String, line: LibgpiodLine, fd: Int32) throws(GPIOError) -> LibgpiodInputLine {
        var pipeEnds: [Int32] = [-1, -1]
        guard fd >= 0, pipe(&pipeEnds) == 0 else {
            let reason = fd < 0 ? "it has no event descriptor" : "cannot make a wake-up pipe: \(LibgpiodChip.reason(errno))"
            chip.handle.withLock { _ in gpiod_line_release(line.pointer) }
            throw .requestFailed(chip: chip.name, line: name, reason: reason)
        }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let input = LibgpiodInputLine(chip: chip, name: name, line: line, fd: fd, wake: pipeEnds)
        input.continuation.onTermination = { [weak input] _ in input?.stop() }
        let thread = Thread {
            // Named for ps and top through the thread's own comm (proc(5)).
            try? "laneagent-gpio".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            input.readEvents()
        }
        thread.start()
        return input
    }

    func value() throws(GPIOError) -> Bool {
        guard !stopping.load(ordering: .acquiring) else {
            throw .ioFailed(chip: chip.name, line: name, reason: "the line was released")
        }
        let level = chip.handle.withLock { _ in gpiod_line_get_value(line.pointer) }
        guard level >= 0 else { throw .ioFailed(chip: chip.name, line: name, reason: "reading it: \(LibgpiodChip.reason(errno))") }
        return level == 1
    }

    /// Stops the event thread, which then releases the line and ends `edges`.
    func release() { stop() }

    private func stop() {
        guard !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var byte: UInt8 = 1
        _ = write(wake[1], &byte, 1)
    }

    /// The event thread: poll, read each edge, yield it with its wall-clock time; on stop, release.
    private func readEvents() {
        var descriptors = [pollfd(fd: eventDescriptor, events: Int16(POLLIN | POLLPRI), revents: 0),
                           pollfd(fd: wake[0], events: Int16(POLLIN), revents: 0)]
        var failure: String?
        while !stopping.load(ordering: .acquiring) {
            let ready = poll(&descriptors, nfds_t(descriptors.count), Self.pollMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                failure = "poll: \(LibgpiodChip.reason(errno))"
                break
            }
            guard ready > 0, descriptors[0].revents != 0, !stopping.load(ordering: .acquiring) else { continue }
            var event = gpiod_line_event()
            guard gpiod_line_event_read_fd(eventDescriptor, &event) == 0 else {
                if errno == EINTR || errno == EAGAIN { continue }
                failure = "reading an edge: \(LibgpiodChip.reason(errno))"
                break
            }
            let rising = event.event_type == Int32(GPIOD_LINE_EVENT_RISING_EDGE)
            continuation.yield(GPIOEdge(line: name, value: rising, time: Self.wallClock(event.ts)))
        }
        if let failure {
            // The stream has no error channel: the edges end, and reading the level says why.
            FileHandle.standardError.write(Data("GPIO line \(name) on \(chip.name): \(failure) (LA-GPIO-004)\n".utf8))
        }
        stopping.store(true, ordering: .releasing)
        chip.handle.withLock { _ in gpiod_line_release(line.pointer) }
        released.store(true, ordering: .releasing)
        continuation.finish()
        close(wake[0])
        close(wake[1])
    }

    /// The kernel stamps edges with CLOCK_MONOTONIC since Linux 5.7 and CLOCK_REALTIME before;
    /// a stamp near the wall clock is taken as it is, any other is moved onto the wall clock.
    static func wallClock(_ stamp: timespec) -> Timestamp {
        let milliseconds = Int64(stamp.tv_sec) * 1000 + Int64(stamp.tv_nsec) / 1_000_000
        let now = Timestamp.now()
        if abs(now.millisecondsSinceEpoch - milliseconds) < 86_400_000 { return Timestamp(millisecondsSinceEpoch: milliseconds) }
        var monotonic = timespec()
        clock_gettime(CLOCK_MONOTONIC, &monotonic)
        let age = Int64(monotonic.tv_sec) * 1000 + Int64(monotonic.tv_nsec) / 1_000_000 - milliseconds
        return Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - max(0, age))
    }
}
