import Foundation
import LaneModel
import Logging

/// Standard output and error for the CLI.
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Sends log warnings and errors to standard error, so one-shot commands keep standard
    /// output for their result (and `--json`).
    static func logWarningsToStandardError() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
    }

    /// Prints `value` as one line of canonical JSON.
    static func json(_ value: JSONValue) {
        print(String(decoding: CanonicalJSON.encode(value), as: UTF8.self))
    }

    /// Writes a line straight to file descriptor 1, unbuffered: a line written is a line out.
    static func writeUnbuffered(_ line: String) {
        var bytes = Array((line + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { if errno == EINTR { continue } else { return } }
            offset += written
        }
    }
}
