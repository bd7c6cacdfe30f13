import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Testing

/// The state directory and the journal's files are private to the agent's user, whatever the
/// umask and however the directory was made (security review, issue 18 item 9).
@Suite("State directory and journal file modes")
struct StateDirectoryModeTests {
    static func mode(_ path: String) -> Int? {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_mode & 0o7777) : nil
    }

    static func open(_ state: String) throws(JournalError) -> Journal {
        try Journal.open(paths: JournalPaths(stateDirectory: state), device: "HN1119-C03", site: "huu-nghi-1119", key: TestKeys.device)
    }

    @Test("a state directory made 0755 is 0700 once the journal opens; journal, -wal, -shm and lock are 0600 under umask 022")
    func tightensAndCreatesPrivate() async throws {
        let directory = TemporaryDirectory("state-mode")
        let state = directory.file("state")
        #expect(mkdir(state, 0o755) == 0 && chmod(state, 0o755) == 0)
        // The umask a shell or a container gives a process started by hand; systemd's 0077 is not assumed.
        let previous = umask(0o022)
        defer { umask(previous) }
        let journal = try Self.open(state)
        defer { journal.close() }
        try await journal.append(kind: "test.event", body: [:])
        #expect(Self.mode(state) == 0o700)
        let paths = JournalPaths(stateDirectory: state)
        for file in paths.databaseFiles + [paths.writerLock] {
            #expect(Self.mode(file) == 0o600, "\(file)")
        }
    }

    @Test("journal files an older agent left 0644 are narrowed to 0600 at the next open")
    func narrowsExistingFiles() async throws {
        let directory = TemporaryDirectory("state-mode")
        let state = directory.file("state")
        let paths = JournalPaths(stateDirectory: state)
        var journal = try Self.open(state)
        try await journal.append(kind: "test.event", body: [:])
        journal.close()
        for file in paths.databaseFiles where FileManager.default.fileExists(atPath: file) { chmod(file, 0o644) }
        journal = try Self.open(state)
        defer { journal.close() }
        try await journal.append(kind: "test.event", body: [:])
        for file in paths.databaseFiles { #expect(Self.mode(file) == 0o600, "\(file)") }
    }

    @Test("a state directory owned by another user is refused with its path and what to do; nothing is created in it",
          .enabled(if: geteuid() == 0, "only root can give a directory to another user"))
    func refusesAnotherUsersDirectory() throws {
        let directory = TemporaryDirectory("state-mode")
        let state = directory.file("state")
        #expect(mkdir(state, 0o700) == 0 && chown(state, 65534, 65534) == 0)
        do {
            _ = try Self.open(state)
            Issue.record("opened a journal in a directory another user owns")
        } catch {
            #expect(error.code == "LA-JOURNAL-010")
            #expect(error.description.contains(state) && error.description.contains("uid 65534") && error.description.contains("runuser"), "\(error)")
        }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: state)) == [])
        #expect(Self.mode(state) == 0o700)
    }
}
