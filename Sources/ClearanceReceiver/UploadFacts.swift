/// What an upload says about its board besides its records, kept for the fleet view.
public struct UploadFacts: Sendable, Equatable {
    /// The receiver instance that took the batch (`--instance`).
    public var instance: String
    /// Records the board still had to send after this batch, as it said (`LaneAgent-Backlog`).
    public var backlog: Int?

    public init(instance: String, backlog: Int? = nil) {
        self.instance = instance
        self.backlog = backlog
    }
}
