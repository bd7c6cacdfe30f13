import Agent
import ArgumentParser
import ClearanceProtocol
import Foundation
import Journal
import LaneModel
import Logging
import Records
import Uplink

extension LaneAgentCommand {
    /// `laneagent demo [--crossings N] [--json]`: a whole simulated checkpoint on one machine.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a whole simulated checkpoint: a cargo lane and a people lane, simulated devices, an embedded central receiver.",
            discussion: """
                Nothing to configure and nothing changed on the machine: a temporary state directory and keys, an embedded \
                clearance-receiver on a loopback port, a Huu Nghi-style cargo lane (C1: weighbridge on a pseudo-terminal, plate \
                camera, container OCR and X-ray posting to the device gateway, declaration QR reader on a pseudo-terminal) and a \
                Bac Luan-style people lane (P1: passport reader on a pseudo-terminal, a chip reader with simulated passports whose \
                chips are read over BAC, proven against the reference data's CSCA and by Chip Authentication, face terminal), both on the simulated GPIO \
                chip. It plays a scripted mix (clean trucks, overweight, weight off the declaration, unknown plate cleared by an \
                officer, bad container check digit, X-ray suspect, watchlist hits, face mismatch, expired passport, a passport chip altered after issue, a copied chip, the scale \
                unplugged mid-crossing, the network down with catch-up afterwards), then checks end to end: every record \
                verifies, the receiver acknowledged the journal's last seq, every crossing got its expected decision. \
                Exit 0 only if every check passes.
                """)

        @Option(help: "How many crossings to play (the scripted mix, cycled).") var crossings: Int = DemoSite.mix.count
        @Flag(help: "Print only the final summary, as JSON.") var json = false
        @Flag(help: "Keep the temporary directory and print its path.") var keep = false
        @Flag(help: "Log the agent's own messages (info and above) to stderr.") var verbose = false

        func validate() throws {
            guard (1...1000).contains(crossings) else { throw ValidationError("--crossings must be from 1 to 1000") }
        }

        func run() async throws {
            let started = ContinuousClock.now
            var logger = Logger(label: "laneagent.demo")
            logger.logLevel = verbose ? .info : .critical
            let checkpoint = try await DemoCheckpoint(logger: logger)
            let ledger = DemoLedger()
            let follower = Task { for await activity in checkpoint.lanes.hub.activity.follow() { await ledger.record(activity) } }
            let live = !json && isatty(STDOUT_FILENO) == 1
            if !json {
                print("LaneAgent demo: board \(DemoSite.device) at \(DemoSite.site), state in \(checkpoint.directory)")
                print("  central receiver on 127.0.0.1:\(checkpoint.receiverPort), device gateway on 127.0.0.1:\(checkpoint.gatewayPort)")
                print("  lane status page on http://127.0.0.1:\(checkpoint.adminPort)/ (and /metrics, /healthz, /readyz)")
                print("  the board's clock is simulated as NTP-synchronised; GPIO is the simulated chip")
            }
            let view = json ? nil : Task { await DemoView(checkpoint: checkpoint, ledger: ledger, live: live).run() }

            let scenarios = DemoSite.scenarios(count: crossings)
            let driver = DemoDriver(checkpoint: checkpoint, ledger: ledger)
            var outcomes = await Self.play(scenarios.filter { !$0.networkDown }, driver)
            let offline = scenarios.filter(\.networkDown)
            if !offline.isEmpty {
                await checkpoint.stopReceiver()
                await ledger.note("uplink: the link to central is down; lanes keep deciding, records queue in the journal")
                outcomes += await Self.play(offline, driver)
                try await checkpoint.startReceiver()
                await ledger.note("uplink: the link is back; catching up")
            }
            let caughtUp = await Self.waitForUpload(checkpoint, timeout: .seconds(30))
            await ledger.note("uplink: receiver acknowledged through seq \(caughtUp.accepted) of \(caughtUp.last)")
            await checkpoint.stopAgent()
            view?.cancel()
            await view?.value
            follower.cancel()
            let checks = await Self.finalChecks(checkpoint)
            let elapsed = started.duration(to: .now)
            await checkpoint.tearDown(keep: keep)
            let report = DemoReport(outcomes: outcomes, checks: checks, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            if json {
                var summary = report.json.objectValue ?? [:]
                if keep { summary["kept"] = .string(checkpoint.directory) }
                Console.json(.object(summary))
            } else {
                print(report.table.joined(separator: "\n"))
                if keep { print("kept \(checkpoint.directory); its config is \(checkpoint.directory)/agent.toml") }
            }
            guard report.ok else { throw CommandFailure.fault("demo: \(report.failures.joined(separator: "; "))") }
        }

        /// Both lanes at once, each through its own scenarios in order.
        private static func play(_ scenarios: [DemoScenario], _ driver: DemoDriver) async -> [DemoDriver.Outcome] {
            async let cargo = driver.run(scenarios.filter { $0.lane == .cargo })
            async let people = driver.run(scenarios.filter { $0.lane == .people })
            return await cargo + people
        }

        /// Waits until the receiver acknowledged everything the journal holds.
        private static func waitForUpload(_ checkpoint: DemoCheckpoint, timeout: Duration) async -> (accepted: Int, last: Int) {
            let deadline = ContinuousClock.now + timeout
            var position = (try? checkpoint.journal.position())
            while ContinuousClock.now < deadline {
                position = try? checkpoint.journal.position()
                if let position, position.ackedThrough >= position.lastSeq { break }
                try? await Task.sleep(for: .milliseconds(100))
            }
            return (position?.ackedThrough ?? 0, position?.lastSeq ?? 0)
        }

        /// After the agent stopped: upload the tail (agent.stopped), verify every record, compare with central.
        private static func finalChecks(_ checkpoint: DemoCheckpoint) async -> DemoReport.Checks {
            var checks = DemoReport.Checks()
            do {
                let settings = try checkpoint.config.requireUplink()
                let client = try ClearanceClient(settings: settings)
                let uploader = try Uploader(journal: checkpoint.journal, client: client, logger: checkpoint.logger)
                _ = try await uploader.push(timeout: .seconds(20))
                await client.shutdown()
            } catch {
                checks.problems.append("final upload failed: \(error)")
            }
            do {
                let position = try checkpoint.journal.position()
                checks.journalLastSeq = position.lastSeq
                let exportPath = checkpoint.directory + "/export.ndjson"
                let reader = try JournalReader.open(paths: checkpoint.config.paths)
                _ = try SyncedFileWriter.produce(exportPath) { writer throws(JournalError) in try reader.forEachEnvelope { try writer.writeLine($0) } }
                reader.close()
                switch try EnvelopeFileVerifier.verify(path: exportPath, keys: VerificationKeys(checkpoint.deviceKey)) {
                case .success(let summary): checks.recordsVerified = summary.records
                case .failure(let failure): checks.problems.append("the journal does not verify: \(failure)")
                }
            } catch {
                checks.problems.append("cannot read the journal: \(error)")
            }
            checks.receiverAcceptedThrough = await DemoCentral.acceptedThrough(port: checkpoint.receiverPort, device: DemoSite.device)
            return checks
        }
    }
}
