import Foundation
import LaneAgentTesting

/// One throwaway PostgreSQL cluster per test process (deploy/postgres-temp.sh), started on first
/// use and stopped once the process has ended; each receiver gets a database of its own in it.
/// `LANEAGENT_TEST_POSTGRES` names a running server to use instead (CI starts one for all suites).
enum TestPostgres {
    /// The cluster this process started, if any.
    private actor Cluster {
        var started: (directory: String, url: String)?

        func url() async throws -> String {
            if let started { return started.url }
            let directory = NSTemporaryDirectory() + "laneagent-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
            // The script's watcher stops the cluster once this process has ended, however it ends.
            let url = try await TestPostgres.run("/usr/bin/env", ["POSTGRES_TEMP_OWNER=\(getpid())", TestPostgres.script, "start", directory])
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard url.hasPrefix("postgres://") else { throw TestFailure("postgres-temp.sh start printed \(url)") }
            started = (directory, url)
            return url
        }
    }

    private static let cluster = Cluster()

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/postgres-temp.sh").path
    }

    /// The server's URL (its `postgres` database), starting the cluster if this process has none yet.
    static func serverURL() async throws -> String {
        if let given = ProcessInfo.processInfo.environment["LANEAGENT_TEST_POSTGRES"], !given.isEmpty { return given }
        return try await cluster.url()
    }

    /// A new empty database; its URL.
    static func createDatabase() async throws -> String {
        let server = try await serverURL()
        let name = "receiver_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await run("/usr/bin/psql", [server, "-v", "ON_ERROR_STOP=1", "-q", "-c", "CREATE DATABASE \(name)"])
        return server.replacingOccurrences(of: "/postgres", with: "/\(name)", options: [.backwards, .anchored])
    }

    /// Drops and recreates the database `url` names: everything it held is gone.
    static func recreate(_ url: String) async throws {
        let server = try await serverURL()
        guard let name = url.split(separator: "/").last.map(String.init) else { return }
        try await run("/usr/bin/psql", [server, "-v", "ON_ERROR_STOP=1", "-q", "-c", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)", "-c", "CREATE DATABASE \(name)"])
    }

    /// Runs `executable` to the end; its standard output, or a failure with its error output.
    ///
    /// Through `system(3)` on a thread of its own, not Foundation's `Process`: the cluster
    /// script's `pg_ctl` leaves a daemon behind, and a `Process` whose child did that was seen
    /// never to notice the child's exit (a zombie nobody reaped, a test that hung).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        let directory = TemporaryDirectory("run")
        let out = directory.file("stdout"), err = directory.file("stderr")
        let command = ([executable] + arguments).map(quoted).joined(separator: " ") + " >\(quoted(out)) 2>\(quoted(err)) </dev/null"
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: system(command)) }.start()
        }
        let output = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw TestFailure("\(command) exited \(status): \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        }
        return output
    }

    private static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

/// Which store a test's receiver uses: SQLite, unless `LANEAGENT_TEST_RECEIVER_STORE=postgres`
/// runs the whole receiver suite again on PostgreSQL (deploy/dev.sh test does both).
enum TestReceiverStore: String, Sendable, CaseIterable {
    case sqlite
    case postgres

    static var fromEnvironment: TestReceiverStore {
        TestReceiverStore(rawValue: ProcessInfo.processInfo.environment["LANEAGENT_TEST_RECEIVER_STORE"] ?? "") ?? .sqlite
    }
}
