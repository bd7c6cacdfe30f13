import Foundation
import GRDB
@testable import Journal
import LaneAgentTesting
import LaneModel
import Records
import Testing

@Suite("A damaged journal is refused and salvaged")
struct JournalDamageTests {
    /// A closed journal of `count` records.
    static func journal(count: Int) async throws -> TestBoard {
        let board = try TestBoard()
        let journal = try board.openJournal()
        for index in 0..<count { try await journal.append(kind: "test.event", body: ["i": .number(Double(index))]) }
        journal.close()
        return board
    }

    /// Changes the stored rows behind the journal's back.
    static func tamper(_ board: TestBoard, _ sql: String, _ arguments: StatementArguments = []) throws {
        let queue = try DatabaseQueue(path: board.paths.database)
        try queue.write { try $0.execute(sql: sql, arguments: arguments) }
        try queue.close()
    }

    static func openError(_ board: TestBoard) -> JournalError? {
        do {
            try board.openJournal().close()
            return nil
        } catch {
            return error as? JournalError
        }
    }

    static func flippedEnvelope(_ board: TestBoard, seq: Int) throws -> Data {
        let queue = try DatabaseQueue(path: board.paths.database)
        defer { try? queue.close() }
        let stored = try queue.read { try Data.fetchOne($0, sql: "SELECT envelope FROM record WHERE seq = ?", arguments: [seq])! }
        var envelope = try Envelope(parsing: Array(stored))
        envelope.payload[30] ^= 0x04
        return Data(envelope.encoded())
    }

    @Test("an altered record among the newest is reported with the file and its seq")
    func alteredRecord() async throws {
        let board = try await Self.journal(count: 20)
        try Self.tamper(board, "UPDATE record SET envelope = ? WHERE seq = 17", [try Self.flippedEnvelope(board, seq: 17)])
        let error = try #require(Self.openError(board))
        #expect(error.code == "LA-JOURNAL-003")
        #expect(error.message.contains(board.paths.database))
        #expect(error.message.contains("seq 17") && error.message.contains("bad signature"))
    }

    @Test("a record deleted from the middle is reported as missing")
    func deletedRecord() async throws {
        let board = try await Self.journal(count: 20)
        try Self.tamper(board, "DELETE FROM record WHERE seq = 8")
        let error = try #require(Self.openError(board))
        #expect(error.code == "LA-JOURNAL-003")
        #expect(error.message.contains("missing"))
    }

    @Test("a file that is no longer a database is reported as damaged")
    func overwrittenFile() async throws {
        let board = try await Self.journal(count: 5)
        let handle = try #require(FileHandle(forWritingAtPath: board.paths.database))
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 4096))
        try handle.close()
        let error = try #require(Self.openError(board))
        #expect(error.code == "LA-JOURNAL-003")
        #expect(error.message.contains(board.paths.database))
    }

    @Test("salvage saves every record that verifies and names the seqs it could not")
    func salvage() async throws {
        let board = try await Self.journal(count: 12)
        try Self.tamper(board, "UPDATE record SET envelope = ? WHERE seq = 3", [try Self.flippedEnvelope(board, seq: 3)])
        try Self.tamper(board, "DELETE FROM record WHERE seq IN (7, 8)")
        var saved: [[UInt8]] = []
        let report = try JournalSalvage.run(databasePath: board.paths.database, keys: VerificationKeys(TestKeys.device)) {
            saved.append($0)
        }
        #expect(report.saved == 9)
        #expect(report.losses.map(\.seqs) == [3...3, 7...8])
        #expect(report.losses[0].reason.contains("bad signature"))
        #expect(report.losses[1].reason.contains("missing"))
        let seqs = try saved.map { try Record(parsing: try JSONParser.parse(try Envelope(parsing: $0).payload)).seq }
        #expect(seqs == [1, 2, 4, 5, 6, 9, 10, 11, 12])
    }
}
