import Foundation
import LaneModel

/// Reads an officer's PIN: from the terminal with echo off, so it never shows on the screen or
/// in a terminal's scrollback, or one line of standard input for scripts and tests.
enum PINInput {
    /// One line of standard input (at most 1 KiB), without its line ending.
    static func standardInput() throws(OfficerInputError) -> String {
        var bytes = line(from: STDIN_FILENO)
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        guard !bytes.isEmpty else { throw .noInput }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Asks on the controlling terminal with `prompt`, echo off; refused when there is none.
    static func terminal(_ prompt: String) throws(OfficerInputError) -> String {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else { throw .noTerminal }
        defer { close(tty) }
        var original = termios()
        guard tcgetattr(tty, &original) == 0 else { throw .noTerminal }
        var quiet = original
        quiet.c_lflag &= ~tcflag_t(ECHO)
        quiet.c_lflag |= tcflag_t(ECHONL)
        // Ctrl-C while echo is off would leave the terminal silent: put it back on the way out.
        TerminalRestore.arm(tty: tty, settings: original)
        defer { TerminalRestore.disarm() }
        _ = tcsetattr(tty, TCSAFLUSH, &quiet)
        defer { _ = tcsetattr(tty, TCSAFLUSH, &original) }
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        return String(decoding: line(from: tty), as: UTF8.self)
    }

    /// One line from `descriptor`, a byte at a time (nothing past the line is consumed), at most 1 KiB.
    private static func line(from descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while bytes.count < 1024 {
            let count = read(descriptor, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count == 1, byte != UInt8(ascii: "\n") else { break }
            bytes.append(byte)
        }
        return bytes
    }
}

/// The terminal settings a SIGINT handler puts back: a C handler can capture nothing, so they
/// live here for the moment the PIN is being typed.
private enum TerminalRestore {
    nonisolated(unsafe) static var tty: Int32 = -1
    nonisolated(unsafe) static var settings = termios()

    static func arm(tty: Int32, settings: termios) {
        Self.settings = settings
        Self.tty = tty
        signal(SIGINT) { _ in
            // tcsetattr and _exit are async-signal-safe.
            _ = tcsetattr(TerminalRestore.tty, TCSANOW, &TerminalRestore.settings)
            _exit(130)
        }
    }

    static func disarm() {
        signal(SIGINT, SIG_DFL)
        tty = -1
    }
}
