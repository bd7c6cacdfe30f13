import Agent
import Foundation
import GRDB
import Journal
import LaneModel
import Records

/// The two limits the journal's throughput is judged against, measured on the same machine in
/// the same run: single-thread Ed25519 signing, and one-row-per-commit SQLite with the
/// journal's settings (WAL, `synchronous=FULL`) on the journal's file system.
public struct BenchBaseline: Sendable {
    public let signsPerSecond: Double
    public let singleRowCommitsPerSecond: Double

    /// Measures both for about `seconds` each; the scratch database lives in `directory`.
    public static func measure(directory: String, key: DeviceKey, seconds: Double = 1.0) throws -> BenchBaseline {
        let message = Envelope.preAuthenticationEncoding(
            payloadType: Envelope.recordPayloadType, payload: CanonicalJSON.encode(JournalBench.body(producer: 0, index: 0)))
        let signs = rate(seconds: seconds) { _ = key.sign(message) }

        let path = directory + "/bench-baseline-\(getpid()).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let pool = try SyncedDatabasePool.open(path: path, configuration: configuration)
        try pool.write { try $0.execute(sql: "CREATE TABLE row (seq INTEGER PRIMARY KEY, body BLOB NOT NULL)") }
        let body = Data(repeating: 0x61, count: 700)
        var seq = 0
        let commits = try rateThrowing(seconds: seconds) {
            seq += 1
            try pool.write { try $0.execute(sql: "INSERT INTO row (seq, body) VALUES (?, ?)", arguments: [seq, body]) }
        }
        try pool.close()
        return BenchBaseline(signsPerSecond: signs, singleRowCommitsPerSecond: commits)
    }

    private static func rate(seconds: Double, _ body: () -> Void) -> Double {
        (try? rateThrowing(seconds: seconds, body)) ?? 0
    }

    private static func rateThrowing(seconds: Double, _ body: () throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        var count = 0
        while true {
            for _ in 0..<64 { try body() }
            count += 64
            let elapsed = clock.now - start
            let value = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if value >= seconds { return Double(count) / value }
        }
    }
}
