import Foundation
import GRDB
@testable import Journal
import LaneAgentTesting
import LaneModel
import Records
import Synchronization
import Testing

@Suite("The journal")
struct JournalTests {
    static func exportLines(_ board: TestBoard) throws -> [[UInt8]] {
        let reader = try JournalReader.open(paths: board.paths)
        defer { reader.close() }
        var lines: [[UInt8]] = []
        try reader.forEachEnvelope { lines.append($0) }
        return lines
    }

    static func verify(_ lines: [[UInt8]]) -> ChainVerifier {
        var verifier = ChainVerifier(keys: VerificationKeys(TestKeys.device))
        for line in lines {
            if case .failure(let failure) = verifier.verify(line: line) { Issue.record("\(failure)") }
        }
        return verifier
    }

    @Test("appends number records from 1, chain them, and continue after reopening")
    func appendAndReopen() async throws {
        let board = try TestBoard()
        var journal = try board.openJournal()
        var last: SealedRecord?
        for index in 0..<5 { last = try await journal.append(kind: "test.event", body: ["i": .number(Double(index))]) }
        #expect(last?.record.seq == 5)
        journal.close()

        journal = try board.openJournal()
        let next = try await journal.append(kind: "test.event", lane: "cargo-1", body: [:])
        journal.close()
        #expect(next.record.seq == 6)
        #expect(next.record.prev == Hex.encode(last!.payloadHash))
        let verifier = Self.verify(try Self.exportLines(board))
        #expect(verifier.firstSeq == 1 && verifier.lastSeq == 6)
    }

    @Test("concurrent appenders each get a distinct seq and the chain stays intact")
    func concurrentAppends() async throws {
        let board = try TestBoard()
        let journal = try board.openJournal()
        let seqs = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<400 {
                group.addTask { try await journal.append(kind: "test.event", body: ["i": .number(Double(index))]).record.seq }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        journal.close()
        #expect(seqs.sorted() == Array(1...400))
        #expect(Self.verify(try Self.exportLines(board)).count == 400)
    }

    @Test("records submitted one after another keep their order in seq")
    func submissionOrder() async throws {
        let board = try TestBoard()
        let journal = try board.openJournal()
        let committed = Mutex<[Int: Int]>([:])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let remaining = Mutex(300)
            for index in 0..<300 {
                journal.append(RecordDraft(kind: "test.event", body: ["i": .number(Double(index))])) { result in
                    committed.withLock { $0[index] = try! result.get().record.seq }
                    if remaining.withLock({ $0 -= 1; return $0 }) == 0 { done.resume() }
                }
            }
        }
        journal.close()
        let bySubmission = committed.withLock { map in (0..<300).map { map[$0]! } }
        #expect(bySubmission == Array(1...300))
    }

    @Test("only acknowledged records past retention are pruned, and the chain continues")
    func retention() async throws {
        let board = try TestBoard()
        let start = Timestamp(rfc3339: "2026-01-01T00:00:00.000Z")!
        let journal = try board.openJournal { $0.retentionDays = 90; $0.clock = ManualClock(start: start) }
        for _ in 0..<10 { try await journal.append(kind: "test.event", body: [:]) }
        let day: Int64 = 86_400_000
        #expect(try journal.prune(now: Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + 91 * day)) == 0)
        try journal.acknowledge(through: 5)
        #expect(try journal.prune(now: Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + 89 * day)) == 0)
        #expect(try journal.prune(now: Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + 91 * day)) == 5)
        try journal.acknowledge(through: 10)
        #expect(try journal.prune(now: Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + 91 * day)) == 4)
        let status = try journal.status()
        #expect(status.firstSeq == 10 && status.lastSeq == 10 && status.ackedThrough == 10 && status.pending == 0)
        journal.close()

        let reopened = try board.openJournal()
        let next = try await reopened.append(kind: "test.event", body: [:])
        reopened.close()
        #expect(next.record.seq == 11)
        #expect(Self.verify(try Self.exportLines(board)).firstSeq == 10)
    }

    @Test("acknowledgement never moves backwards")
    func acknowledgementMonotonic() async throws {
        let board = try TestBoard()
        let journal = try board.openJournal()
        for _ in 0..<3 { try await journal.append(kind: "test.event", body: [:]) }
        try journal.acknowledge(through: 3)
        try journal.acknowledge(through: 1)
        #expect(try journal.status().ackedThrough == 3)
        journal.close()
    }

    @Test("low free space is a fault in status, and appends keep working")
    func lowDiskSpace() async throws {
        let board = try TestBoard()
        let tenMB: Int64 = 10 * 1_048_576
        let journal = try board.openJournal { $0.minFreeBytes = 256 * 1_048_576; $0.freeBytes = { _ in tenMB } }
        let record = try await journal.append(kind: "test.event", body: [:])
        let status = try journal.status()
        journal.close()
        #expect(record.record.seq == 1)
        let expected = JournalFault.lowDiskSpace(freeBytes: tenMB, minimumBytes: 256 * 1_048_576)
        #expect(status.faults == [expected])
        #expect(status.freeBytes == tenMB)
    }

    @Test("a second writer is refused while the journal is open")
    func singleWriter() throws {
        let board = try TestBoard()
        let journal = try board.openJournal()
        defer { journal.close() }
        #expect { _ = try board.openJournal() } throws: { ($0 as? JournalError)?.code == "LA-JOURNAL-002" }
    }

    @Test("a journal refuses another device's key or device id")
    func keyMismatch() async throws {
        let board = try TestBoard()
        let journal = try board.openJournal()
        try await journal.append(kind: "test.event", body: [:])
        journal.close()
        #expect {
            _ = try Journal.open(paths: board.paths, device: "HN1119-C03", site: "huu-nghi-1119", key: TestKeys.other)
        } throws: { error in
            (error as? JournalError)?.code == "LA-JOURNAL-004" && "\(error)".contains(TestKeys.device.keyID)
        }
        #expect {
            _ = try Journal.open(paths: board.paths, device: "HN1119-C04", site: "huu-nghi-1119", key: TestKeys.device)
        } throws: { error in
            (error as? JournalError)?.code == "LA-JOURNAL-004" && "\(error)".contains("device HN1119-C03")
        }
    }
}

@Suite("The journal when a commit fails")
struct JournalCommitFailureTests {
    static func setTrigger(_ board: TestBoard, onSeq seq: Int?) throws {
        let queue = try DatabaseQueue(path: board.paths.database)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS inject_failure")
            if let seq {
                try db.execute(sql: "CREATE TRIGGER inject_failure BEFORE INSERT ON record WHEN NEW.seq = \(seq) BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
            }
        }
        try queue.close()
    }

    @Test("a failed commit fails its appends, stores nothing of them, and the chain continues from the last commit")
    func failedCommit() async throws {
        let board = try TestBoard()
        let journal = try board.openJournal()
        for _ in 0..<4 { try await journal.append(kind: "test.event", body: [:]) }
        try Self.setTrigger(board, onSeq: 5)
        await #expect { try await journal.append(kind: "test.event", body: [:]) } throws: {
            ($0 as? JournalError)?.code == "LA-JOURNAL-005"
        }

        // Concurrent appends while seq 5 keeps failing: every one either fails or commits.
        let outcomes = await withTaskGroup(of: Int?.self) { group in
            for _ in 0..<60 { group.addTask { try? await journal.append(kind: "test.event", body: [:]).record.seq } }
            return await group.reduce(into: [Int?]()) { $0.append($1) }
        }
        #expect(outcomes.allSatisfy { $0 == nil })

        try Self.setTrigger(board, onSeq: nil)
        let next = try await journal.append(kind: "test.event", body: [:])
        let more = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<60 { group.addTask { try await journal.append(kind: "test.event", body: [:]).record.seq } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        journal.close()
        #expect(next.record.seq == 5)
        #expect(more.sorted() == Array(6...65))
        let verifier = JournalTests.verify(try JournalTests.exportLines(board))
        #expect(verifier.firstSeq == 1 && verifier.lastSeq == 65)
    }
}
