import Agent
import Benchmark
import BoardTools
import Foundation
import Journal
import LaneModel
import Records

/// The journal's hot paths: making one signed record, and appending through the production
/// group-commit path.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))

    let key = try! DeviceKey(seed: Array(0..<32))
    let body = JournalBench.body(producer: 0, index: 42)

    Benchmark("Record encode+sign (canonical JSON, SHA-256, Ed25519, envelope)") { benchmark in
        var head = [UInt8](repeating: 0, count: 32)
        for iteration in benchmark.scaledIterations {
            let record = Record(
                id: "01900000-0000-7000-8000-000000000000", device: "HN1119-C03", site: "huu-nghi-1119", lane: "cargo-1",
                seq: iteration + 1, prev: Hex.encode(head), time: Timestamp(millisecondsSinceEpoch: 1_795_420_800_000),
                clock: .synced, kind: "bench.reading", body: body)
            let payload = record.canonicalBytes()
            let pae = Envelope.preAuthenticationEncoding(payloadType: Envelope.recordPayloadType, payload: payload)
            let envelope = Envelope(payloadType: Envelope.recordPayloadType, payload: payload,
                                    signatures: [.init(keyID: key.keyID, signature: key.sign(pae))]).encoded()
            head = Array(payload.prefix(32))
            blackHole(envelope)
        }
    }

    Benchmark("Ed25519 sign only (one thread)") { benchmark in
        let message = Array(repeating: UInt8(0x61), count: 700)
        for _ in benchmark.scaledIterations { blackHole(key.sign(message)) }
    }

    Benchmark("Journal append, 4 producers x 32 in flight (1,000 records per iteration)",
              configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .kilo, maxDuration: .seconds(10))) { benchmark in
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("laneagent-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal.open(paths: JournalPaths(stateDirectory: directory), device: "bench-1", site: "bench", key: key)
        defer { journal.close() }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations.lowerBound..<benchmark.scaledIterations.upperBound / 1000 {
            _ = try await JournalBench(records: 1000, producers: 4, inFlight: 32).run(journal)
        }
        benchmark.stopMeasurement()
    }
}
