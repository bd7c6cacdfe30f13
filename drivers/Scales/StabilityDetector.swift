/// Decides stability for indicators that do not report it: a weight is stable once `frames`
/// consecutive frames stayed within ±`bandKg` of the first of them for at least `milliseconds`.
public struct StabilityDetector: Sendable, Hashable {
    public let frames: Int
    public let bandKg: Double
    public let milliseconds: Int64
    private var reference: Double?
    private var since: Int64 = 0
    private var count = 0

    public init(frames: Int, bandKg: Double, milliseconds: Int) {
        self.frames = max(frames, 1)
        self.bandKg = bandKg
        self.milliseconds = Int64(milliseconds)
    }

    /// Adds a frame's weight read at `time` (monotonic ms); true when the weight is now stable.
    public mutating func observe(_ weightKg: Double, at time: Int64) -> Bool {
        if let reference, abs(weightKg - reference) <= bandKg {
            count += 1
        } else {
            reference = weightKg
            since = time
            count = 1
        }
        return count >= frames && time - since >= milliseconds
    }

    /// Forgets the run, after a frame that carried no weight.
    public mutating func reset() {
        reference = nil
        count = 0
    }
}
