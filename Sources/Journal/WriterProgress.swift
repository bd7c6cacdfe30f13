import Synchronization

/// Whether the journal's writer is keeping up: appends outstanding, and when it last finished
/// one. A writer stuck in a hung disk or a deadlock shows as outstanding work with no progress,
/// which the daemon's watchdog reports to systemd by going quiet.
final class WriterProgress: Sendable {
    private struct State {
        var outstanding = 0
        /// The last completion, or the submission that found the writer idle.
        var since = ContinuousClock.now
    }

    private let state = Mutex(State())

    func submitted() {
        state.withLock { state in
            if state.outstanding == 0 { state.since = .now }
            state.outstanding += 1
        }
    }

    func completed(_ count: Int) {
        state.withLock { state in
            state.outstanding -= count
            state.since = .now
        }
    }

    /// How long appends have waited without any completing; zero when nothing is outstanding.
    var stalled: Duration {
        state.withLock { state in state.outstanding > 0 ? ContinuousClock.now - state.since : .zero }
    }
}
