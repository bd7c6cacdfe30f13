import Agent
import Foundation
import Journal
import LaneIO
import LaneModel
import Lanes
import Logging
import Records
import ServiceLifecycle

/// Measures the lanes' latency through the production runners, journal and simulated GPIO: N
/// cargo lanes on one board, trucks back to back, every reading fed as the devices would.
/// From the last evidence to the committed decision, and from the commit to the GPIO write.
public struct LaneBench: Sendable {
    public struct Result: Sendable {
        public var lanes: Int
        public var crossings: Int
        public var seconds: Double
        public var decision: [Duration]
        public var actuation: [Duration]

        public static func percentile(_ samples: [Duration], _ fraction: Double) -> Double {
            guard !samples.isEmpty else { return 0 }
            let sorted = samples.sorted()
            let value = sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
            return Double(value.components.seconds) * 1000 + Double(value.components.attoseconds) / 1e15
        }
    }

    public let lanes: Int
    public let crossings: Int
    /// Pause between a lane's crossings (0: back to back, a stress far above any real lane).
    public let interval: Duration

    public init(lanes: Int, crossings: Int, interval: Duration = .zero) {
        self.lanes = lanes
        self.crossings = crossings
        self.interval = interval
    }

    /// Runs in `directory` (a fresh state directory is made there) and removes nothing.
    public func run(directory: String) async throws -> Result {
        let state = directory + "/state"
        try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        _ = try DeviceKey.create(at: JournalPaths(stateDirectory: state).deviceKey)
        try Self.rulePack.write(toFile: directory + "/rules.toml", atomically: true, encoding: .utf8)
        try configText(state: state).write(toFile: directory + "/agent.toml", atomically: true, encoding: .utf8)
        let config = try AgentConfig.load(path: directory + "/agent.toml")
        var options = config.journalOptions
        options.clockSync = { .synced }
        let journal = try config.openJournal(options: options)
        defer { journal.close() }
        var logger = Logger(label: "laneagent.bench")
        logger.logLevel = .error
        let chips = LaneChips()
        let service = try LaneService(config: config, journal: journal, logger: logger, chips: chips, clockSync: { .synced }, controlSocket: false)
        let group = ServiceGroup(services: [service], logger: logger)
        let running = Task { try? await group.run() }
        service.hub.broadcast(.reference(try reference()))
        let activity = service.hub.activity.follow()
        let watcher = ActivityWaiter()
        let following = Task { for await item in activity { await watcher.record(item) } }
        let started = ContinuousClock.now
        var decision: [Duration] = [], actuation: [Duration] = []
        try await withThrowingTaskGroup(of: LatencySamples.self) { group in
            for (index, runner) in service.hub.runners.enumerated() {
                let chip = chips.simulatedChip(lane: runner.settings.id)!
                group.addTask { [crossings, interval] in
                    // Lanes start spread over the interval, as real traffic is not in step.
                    try await Task.sleep(for: interval * Double(index) / Double(max(1, lanes)))
                    return try await Self.drive(runner, chip: chip, lane: index, crossings: crossings, interval: interval, watcher: watcher)
                }
            }
            for try await samples in group {
                decision += samples.decision
                actuation += samples.actuation
            }
        }
        let elapsed = started.duration(to: .now)
        await group.triggerGracefulShutdown()
        await running.value
        following.cancel()
        return Result(lanes: lanes, crossings: lanes * crossings,
                      seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                      decision: decision, actuation: actuation)
    }

    private static func drive(_ runner: LaneRunner, chip: SimulatedChip, lane: Int, crossings: Int, interval: Duration,
                              watcher: ActivityWaiter) async throws -> LatencySamples {
        let id = runner.settings.id
        var samples = LatencySamples()
        for number in 0..<crossings {
            try chip.drive("\(id)_ENTRY", to: true)
            try await watcher.waitForPhase(runner, .collecting)
            let plate = Self.plate(lane, number)
            let now = Timestamp.now()
            runner.send(.reading(.plate(PlateRead(raw: plate, normalized: plate, country: "VN", confidence: 0.95, direction: nil)), device: "anpr-\(lane)", reference: nil))
            runner.send(.reading(.container(ContainerRead(raw: "CSQU3054383", code: "CSQU3054383", valid: true, problem: nil, confidence: 0.97)),
                                 device: "anpr-\(lane)", reference: nil))
            runner.send(.reading(.scan(ScanResult(scanId: "S\(number)", verdict: .clear, containers: ["CSQU3054383"], operatorName: nil)), device: "anpr-\(lane)", reference: nil))
            runner.send(.reading(.code(CodeRead(text: "DECL=10500000\(lane)", transport: "serial")), device: "anpr-\(lane)", reference: nil))
            runner.send(.reading(.weight(WeightReading(device: "scale-\(lane)", time: now, weightKg: 20_000, stable: true, status: .ok, gross: true)),
                                 device: "scale-\(lane)", reference: nil))
            let crossing = try await watcher.waitForOpen(lane: id)
            try chip.drive("\(id)_ENTRY", to: false)
            try chip.drive("\(id)_EXIT", to: true)
            try await Task.sleep(for: .milliseconds(5))
            try chip.drive("\(id)_EXIT", to: false)
            try await watcher.waitFor(.barrierClose, lane: id, crossing: crossing)
            // The runner keeps only its latest samples; take each crossing's as it ends.
            samples.take(from: runner.latencies)
            if interval > .zero { try await Task.sleep(for: interval) }
        }
        return samples
    }

    /// One lane's latencies, gathered crossing by crossing.
    struct LatencySamples: Sendable {
        var decision: [Duration] = []
        var actuation: [Duration] = []
        private var decisionsSeen = 0
        private var actuationsSeen = 0

        mutating func take(from latencies: LaneLatencies) {
            let decisions = latencies.decisions(since: decisionsSeen)
            decision += decisions.samples
            decisionsSeen = decisions.recorded
            let actuations = latencies.actuations(since: actuationsSeen)
            actuation += actuations.samples
            actuationsSeen = actuations.recorded
        }
    }

    /// One truck per crossing, so `crossing.repeat` sees no repeats.
    private static func plate(_ lane: Int, _ number: Int) -> String { "\(10 + lane)C\(String(format: "%05d", number))" }

    private func reference() throws -> ReferenceData {
        try ReferenceData(json: [
            "site": "bench", "version": 1, "issuedAt": .string(Timestamp.now().rfc3339),
            "vehicles": .array((0..<lanes).flatMap { lane in
                (0..<crossings).map { number in
                    ["plate": .string(Self.plate(lane, number)), "containers": ["CSQU3054383"], "declaredGrossKg": 20_000, "axles": 3,
                     "declaration": .string("10500000\(lane)")]
                }
            }),
        ])
    }

    private func configText(state: String) -> String {
        var text = """
            [agent]
            device = "BENCH-01"
            site = "bench"
            state_dir = "\(state)"

            [journal]
            min_free_mb = 16

            """
        for lane in 0..<lanes {
            text += """

                [[devices]]
                id = "scale-\(lane)"
                kind = "scale"
                driver = "yaohua-xk3190"
                port = "/dev/laneagent/bench-scale-\(lane)"

                [[devices]]
                id = "anpr-\(lane)"
                kind = "plate-reader"
                driver = "generic-plate-json"
                address = "127.0.0.1"

                [[lanes]]
                id = "L\(lane)"
                kind = "cargo"
                devices = ["scale-\(lane)", "anpr-\(lane)"]
                rules = "rules.toml"
                [lanes.gpio]
                chip = "simulated"
                entry_loop = "L\(lane)_ENTRY"
                exit_loop = "L\(lane)_EXIT"
                barrier = "L\(lane)_BARRIER"
                green = "L\(lane)_GREEN"
                red = "L\(lane)_RED"
                debounce_ms = 0

                """
        }
        return text
    }

    static let rulePack = """
        [pack]
        name = "bench-cargo"
        version = "1"
        [thresholds]
        repeat_window_seconds = 1
        collect_timeout_seconds = 60
        [thresholds.gross_limit_kg]
        "3" = 24000
        [require]
        cargo = ["plate", "weight", "container", "scan", "declaration"]
        people = ["document", "face"]

        """
}

/// Lets the bench's lane drivers wait for what their lane did.
private actor ActivityWaiter {
    private var opened: [String: [String]] = [:]
    private var actuations: Set<String> = []
    private var lastDecision: [String: CrossingDecision] = [:]

    func record(_ activity: LaneActivity) {
        if case .decision(let decision, _) = activity { lastDecision[decision.lane] = decision }
        if case .actuation(let lane, let action, let crossing, true) = activity, let crossing {
            actuations.insert("\(lane)|\(action.rawValue)|\(crossing)")
            if action == .barrierOpen { opened[lane, default: []].append(crossing) }
        }
    }

    func waitForOpen(lane: String) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if var list = opened[lane], !list.isEmpty {
                let crossing = list.removeFirst()
                opened[lane] = list
                return crossing
            }
            try await Task.sleep(for: .milliseconds(1))
        }
        let failed = lastDecision[lane].map { decision in
            "\(decision.decision.rawValue): " + decision.reasons.filter { $0.outcome != .pass }.map { "\($0.rule.rawValue) \($0.detail)" }.joined(separator: "; ")
        } ?? "no decision"
        throw LaneBenchError("lane \(lane) did not open its barrier within 30 s (last decision \(failed))")
    }

    func waitFor(_ action: Actuation, lane: String, crossing: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if actuations.contains("\(lane)|\(action.rawValue)|\(crossing)") { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw LaneBenchError("lane \(lane) did not \(action.rawValue) for \(crossing) within 30 s")
    }

    nonisolated func waitForPhase(_ runner: LaneRunner, _ phase: LanePhase) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if runner.status["phase"]?.stringValue == phase.rawValue { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw LaneBenchError("lane \(runner.settings.id) did not reach \(phase.rawValue) within 30 s")
    }
}

/// The bench could not complete a crossing.
public struct LaneBenchError: LaneAgentError {
    public let description: String
    public var code: String { "LA-BENCH-001" }
    public var isUsageError: Bool { false }
    init(_ description: String) { self.description = description }
}
