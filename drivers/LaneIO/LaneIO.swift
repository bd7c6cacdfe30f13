import LaneModel

/// One lane's GPIO: its debounced presence inputs and its barrier, turnstile and light outputs,
/// with the barrier interlock and the safe state (lights red, barrier closed once its loop is clear).
public actor LaneIO {
    public let lane: String
    public let lines: LaneLineNames
    /// Debounced presence changes of the lane's loops, in order.
    public nonisolated let presence: AsyncStream<PresenceChange>

    /// Requests every configured line on `chip` and drives the outputs to the safe state.
    public init(lane: String, chip: any GPIOChip, lines: LaneLineNames, consumer: String = "laneagent") throws(GPIOError) {
        self.lane = lane
        self.lines = lines
        // Implemented by the GPIO work (issue 7).
        presence = AsyncStream { $0.finish() }
    }

    /// The debounced level of `loop` (false when not wired).
    public func isOccupied(_ loop: PresenceLoop) -> Bool { false }

    /// Performs `action`; refuses `barrier.close` while the exit loop is occupied.
    public func perform(_ action: Actuation) async throws(GPIOError) -> [LineWrite] { [] }

    /// Lights red; barrier closed as soon as its loop is clear (waiting up to `timeout`).
    public func safeState(timeout: Duration = .seconds(30)) async {}

    /// Releases every line.
    public func close() {}
}
