import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Logging
import ServiceLifecycleTestKit
import Testing
import Uplink

/// The uploader waits on the journal's clock: a receiver that asks for an hour is waited out by
/// advancing a `ManualClock`, and a graceful shutdown ends the wait at once.
@Suite("The uplink on the injected clock", .serialized, .timeLimit(.minutes(2)))
struct UplinkClockTests {
    @Test("a 503 asking for an hour is waited out on the uploader's clock: nothing is acknowledged before the hour, everything after")
    func retryAfterAnHour() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        // One batch holds them all, so the 503 is its answer (no batch sent ahead to race it).
        let agent = try TestAgent(extraConfig: uplinkConfig(proxy.url, extra: "batch_max_records = 1000"))
        try await agent.append(300)
        try await proxy.inject([["type": "status", "status": 503, "retryAfter": "3600"]])
        let clock = ManualClock()
        let journal = try agent.openJournal { $0.clock = clock }
        defer { journal.close() }
        let client = try ClearanceClient(settings: try agent.config.requireUplink())
        let uploader = try Uploader(journal: journal, client: client, logger: Logger(label: "test"))
        // A child task, so the suite's time limit cancels it if the wait ever runs on the wall clock.
        async let pushed = uploader.push(timeout: .seconds(7200))

        #expect(await clock.waitForSleepers())
        clock.advance(by: .seconds(3599))
        #expect(clock.sleepers == 1, "still waiting a second before the hour")
        #expect(try journal.position().ackedThrough == 0)
        clock.advance(by: .seconds(1))
        let progress = try await pushed
        #expect(progress.acceptedThrough == 300)
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
        await client.shutdown()
    }

    @Test("a graceful shutdown ends the uplink's wait at once and saves where it got to")
    func shutdownDuringWait() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(proxy.url, extra: "batch_max_records = 100"))
        try await agent.append(100)
        try await proxy.inject([["type": "pass"], ["type": "status", "status": 503, "retryAfter": "3600"]])
        let clock = ManualClock()
        let journal = try agent.openJournal { $0.clock = clock }
        defer { journal.close() }
        let client = try ClearanceClient(settings: try agent.config.requireUplink())
        let uploader = try Uploader(journal: journal, client: client, logger: Logger(label: "test"))
        let service = UplinkService(uploader: uploader, client: client, logger: Logger(label: "test"))

        try await testGracefulShutdown { trigger in
            let running = Task { try await service.run() }
            // The first 100 go through; more records arrive, and the receiver asks for an hour.
            #expect(await clock.waitForSleepers())
            #expect(try journal.position().ackedThrough == 100)
            for index in 0..<50 { try await journal.append(kind: "test.reading", body: ["index": .number(Double(index))]) }
            clock.advance(by: .milliseconds(500))
            #expect(await clock.waitForSleepers())
            trigger.triggerGracefulShutdown()
            try await running.value
        }
        #expect(try journal.position().ackedThrough == 100)
        #expect(try UplinkState.load(stateDirectory: journal.paths.stateDirectory).lastAcceptedAt != nil, "the state file holds the last upload")
    }
}
