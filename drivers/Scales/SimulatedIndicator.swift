/// An indicator's side of a wire protocol, for the simulator: the frames it sends and how it
/// answers commands. One per driver, next to its decoder.
public protocol SimulatedIndicator: Sendable {
    /// Time between frames of continuous output; nil for an indicator that only answers polls.
    var frameInterval: Duration? { get }

    /// The frame a continuous indicator sends for `state`.
    func frame(for state: IndicatorState) -> [UInt8]

    /// Takes bytes from the host; returns the replies to the commands they complete.
    mutating func receive(_ bytes: [UInt8], state: IndicatorState) -> [UInt8]
}

extension SimulatedIndicator {
    public func frame(for state: IndicatorState) -> [UInt8] { [] }
    public mutating func receive(_ bytes: [UInt8], state: IndicatorState) -> [UInt8] { [] }
}
