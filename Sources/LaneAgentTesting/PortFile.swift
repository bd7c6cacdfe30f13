import Foundation

/// The file a child server writes its bound port to once it listens (`--port-file`).
public enum PortFile {
    /// Waits for `path` to hold a port, reading it once more after `seconds`: when the whole
    /// suite starts at once on two cores, the waiting task may next run only after the deadline,
    /// with the port long written (a CI run failed six receivers so, each "no port after 30 s",
    /// while pure tests beside them took 56 s). A harness bound, not a timing tests assert.
    public static func wait(_ path: String, child: ChildProcess, seconds: Double = 120) async throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let port = read(path) { return port }
            try await Task.sleep(for: .milliseconds(50))
        }
        if let port = read(path) { return port }
        throw PortFileError(description: "no port in \(path) after \(seconds) s; output: \(child.stdout) \(child.stderr)")
    }

    /// The port in `path`, nil while it is absent or not yet whole.
    public static func read(_ path: String) -> Int? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

/// A child server that never wrote its port.
public struct PortFileError: Error, CustomStringConvertible {
    public let description: String
}
