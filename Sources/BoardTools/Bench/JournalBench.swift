import Agent
import Foundation
import Journal
import LaneModel
import Synchronization

/// `diag bench`: appends records through the production append path from concurrent producers
/// and measures throughput and commit latency.
public struct JournalBench: Sendable {
    /// The figures `diag bench --json` prints.
    public struct Result: Sendable {
        public let records: Int
        public let seconds: Double
        public let p50CommitMs: Double
        public let p99CommitMs: Double
        public var recordsPerSecond: Double { seconds > 0 ? Double(records) / seconds : 0 }

        public var jsonValue: JSONValue {
            .object([
                "records": .number(Double(records)), "seconds": .number((seconds * 1000).rounded() / 1000),
                "recordsPerSecond": .number(recordsPerSecond.rounded()),
                "p50CommitMs": .number((p50CommitMs * 1000).rounded() / 1000),
                "p99CommitMs": .number((p99CommitMs * 1000).rounded() / 1000),
            ])
        }
    }

    public let records: Int
    public let producers: Int
    /// Appends each producer keeps waiting at once, as a device stream does; 1 waits for every commit.
    public let inFlight: Int

    public init(records: Int, producers: Int, inFlight: Int) {
        self.records = records
        self.producers = producers
        self.inFlight = inFlight
    }

    /// Runs the bench; `committed` is called with each seq right after its commit returned.
    public func run(_ journal: Journal, committed: (@Sendable (Int) -> Void)? = nil) async throws(JournalError) -> Result {
        let start = ContinuousClock.now
        let outcome: [Double]
        do {
            outcome = try await withThrowingTaskGroup(of: [Double].self) { group in
                for producer in 0..<producers {
                    let share = records / producers + (producer < records % producers ? 1 : 0)
                    group.addTask { try await produce(share, producer: producer, journal: journal, committed: committed) }
                }
                var latencies: [Double] = []
                latencies.reserveCapacity(records)
                for try await part in group { latencies.append(contentsOf: part) }
                return latencies
            }
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.interrupted(journal.paths.database, "\(error)")
        }
        let elapsed = ContinuousClock.now - start
        let sorted = outcome.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(records: outcome.count, seconds: seconds, p50CommitMs: percentile(0.50), p99CommitMs: percentile(0.99))
    }

    private func produce(_ count: Int, producer: Int, journal: Journal, committed: (@Sendable (Int) -> Void)?) async throws -> [Double] {
        try await withThrowingTaskGroup(of: Double.self) { group in
            var latencies: [Double] = []
            latencies.reserveCapacity(count)
            for index in 0..<count {
                if index >= inFlight, let latency = try await group.next() { latencies.append(latency) }
                let draft = RecordDraft(BenchReadingBody(producer: producer, index: index), lane: "bench-\(producer)")
                group.addTask {
                    let submitted = ContinuousClock.now
                    let sealed = try await journal.append(draft)
                    let waited = ContinuousClock.now - submitted
                    committed?(sealed.record.seq)
                    return Double(waited.components.attoseconds) / 1e15 + Double(waited.components.seconds) * 1000
                }
            }
            for try await latency in group { latencies.append(latency) }
            return latencies
        }
    }

    /// A realistic ~400-byte weighbridge reading with plate and container codes.
    public static func body(producer: Int, index: Int) -> JSONValue {
        BenchReadingBody(producer: producer, index: index).jsonValue
    }
}
