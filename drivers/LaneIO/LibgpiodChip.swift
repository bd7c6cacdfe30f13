import CGPIOD
import Foundation
import LaneModel
import Synchronization

/// A real GPIO chip through libgpiod v1 (the kernel's GPIO character device, /dev/gpiochipN).
/// libgpiod's chip and line objects are not thread-safe, so every call into them holds `handle`.
public final class LibgpiodChip: GPIOChip {
    /// The open `struct gpiod_chip *`, closed when the last line and the chip itself are gone.
    // @unchecked: the pointer is only used under the lock.
    struct Handle: @unchecked Sendable {
        let chip: OpaquePointer
    }

    public let name: String
    public let label: String
    let handle: Mutex<Handle>

    /// Opens `name` (`gpiochip0`) or a path (`/dev/gpiochip0`).
    public init(_ name: String) throws(GPIOError) {
        let opened = name.contains("/") ? gpiod_chip_open(name) : gpiod_chip_open_by_name(name)
        guard let opened else { throw Self.openError(name, errno: errno) }
        self.name = String(cString: gpiod_chip_name(opened))
        self.label = String(cString: gpiod_chip_label(opened))
        self.handle = Mutex(Handle(chip: opened))
    }

    deinit {
        // Closing the chip also releases any line still requested through it.
        handle.withLock { gpiod_chip_close($0.chip) }
    }

    public func lines() throws(GPIOError) -> [GPIOLineInfo] {
        let result: Result<[GPIOLineInfo], GPIOError> = handle.withLock { handle in
            var lines: [GPIOLineInfo] = []
            for offset in 0..<gpiod_chip_num_lines(handle.chip) {
                guard let line = gpiod_chip_get_line(handle.chip, offset) else {
                    return .failure(.ioFailed(chip: name, line: "offset \(offset)", reason: "cannot read its information: \(Self.reason(errno))"))
                }
                _ = gpiod_line_update(line)
                lines.append(GPIOLineInfo(
                    offset: Int(offset), name: gpiod_line_name(line).map { String(cString: $0) },
                    consumer: gpiod_line_consumer(line).map { String(cString: $0) },
                    isOutput: gpiod_line_direction(line) == Int32(GPIOD_LINE_DIRECTION_OUTPUT),
                    isUsed: gpiod_line_is_used(line),
                    activeLow: gpiod_line_active_state(line) == Int32(GPIOD_LINE_ACTIVE_STATE_LOW)))
            }
            return .success(lines)
        }
        return try result.get()
    }

    public func requestOutput(_ line: String, consumer: String, initial: Bool) throws(GPIOError) -> any GPIOOutputLine {
        let pointer = try request(line) { gpiod_line_request_output($0, consumer, initial ? 1 : 0) }
        return LibgpiodOutputLine(chip: self, name: line, line: pointer, consumer: consumer, isOutput: true)
    }

    public func requestOutputKeepingLevel(_ line: String, consumer: String) throws(GPIOError) -> any GPIOOutputLine {
        // DIRECTION_AS_IS leaves an output driving the level it was left at; a line that is still
        // an input stays undriven, and `set` turns it into an output at the level asked for.
        var isOutput = false
        let pointer = try request(line) { pointer in
            // The direction as the kernel has it before the request (an as-is request keeps it).
            _ = gpiod_line_update(pointer)
            isOutput = gpiod_line_direction(pointer) == Int32(GPIOD_LINE_DIRECTION_OUTPUT)
            return consumer.withCString { name in
                var config = gpiod_line_request_config(consumer: name, request_type: Int32(GPIOD_LINE_REQUEST_DIRECTION_AS_IS), flags: 0)
                return gpiod_line_request(pointer, &config, 0)
            }
        }
        return LibgpiodOutputLine(chip: self, name: line, line: pointer, consumer: consumer, isOutput: isOutput)
    }

    public func requestInput(_ line: String, consumer: String) throws(GPIOError) -> any GPIOInputLine {
        let pointer = try request(line) { gpiod_line_request_both_edges_events($0, consumer) }
        let fd = handle.withLock { _ in gpiod_line_event_get_fd(pointer.pointer) }
        return try LibgpiodInputLine.start(chip: self, name: line, line: pointer, fd: fd)
    }

    /// Finds `line` by name and requests it with `call` (0 on success, -1 and errno otherwise).
    private func request(_ line: String, _ call: (OpaquePointer) -> Int32) throws(GPIOError) -> LibgpiodLine {
        let result: Result<LibgpiodLine, GPIOError> = handle.withLock { handle in
            guard let pointer = gpiod_chip_find_line(handle.chip, line) else {
                let cause = errno
                guard cause == ENOENT else {
                    return .failure(.ioFailed(chip: name, line: line, reason: "looking it up failed: \(Self.reason(cause))"))
                }
                return .failure(.noLine(chip: name, line: line, available: Self.names(handle.chip)))
            }
            guard call(pointer) == 0 else {
                let cause = errno
                _ = gpiod_line_update(pointer)
                let holder = gpiod_line_consumer(pointer).map { String(cString: $0) }
                let reason = cause == EBUSY
                    ? "the line is busy (EBUSY): held by \(holder ?? "the kernel or another program")"
                    : Self.reason(cause)
                return .failure(.requestFailed(chip: name, line: line, reason: reason))
            }
            return .success(LibgpiodLine(pointer: pointer))
        }
        return try result.get()
    }

    /// Every named line of the chip, for an error that says which names exist.
    private static func names(_ chip: OpaquePointer) -> [String] {
        (0..<gpiod_chip_num_lines(chip)).compactMap { offset in
            gpiod_chip_get_line(chip, offset).flatMap { gpiod_line_name($0) }.map { String(cString: $0) }
        }
    }

    /// Why opening failed, in the words a technician needs.
    static func openError(_ name: String, errno cause: Int32) -> GPIOError {
        let path = name.contains("/") ? name : "/dev/\(name)"
        // ENODEV has always read here, like ENOTTY, as a path that is not a GPIO chip (libgpiod
        // checks the path is one before opening it), not as the unplugged device the shared class says.
        let kind: SystemErrorClass = cause == ENODEV ? .notADevice : SystemErrorClass(errno: cause, during: .opening)
        let reason: String
        switch kind {
        case .notFound:
            let present = GPIOChips.available()
            reason = present.isEmpty
                ? "this machine has no GPIO character devices (no /dev/gpiochip*): run this on the lane board; "
                    + "on the board, check the kernel has the GPIO character device (CONFIG_GPIO_CDEV) and the device tree enables the GPIO controller"
                : "\(path) does not exist; this machine has \(present.joined(separator: ", "))"
        case .permissionDenied:
            reason = "permission denied on \(path): run as a user in the gpio group (or give the laneagent user access with a udev rule)"
        case .notADevice:
            reason = "\(path) is not a GPIO character device"
        case .busy, .gone, .other:
            reason = Self.reason(cause)
        }
        return .noChip(name: name, reason: reason)
    }

    static func reason(_ cause: Int32) -> String {
        String(cString: strerror(cause))
    }
}

/// A requested `struct gpiod_line *`; only used under the chip's lock.
// @unchecked: libgpiod line objects belong to the chip and are only touched under its lock.
struct LibgpiodLine: @unchecked Sendable {
    let pointer: OpaquePointer
}
