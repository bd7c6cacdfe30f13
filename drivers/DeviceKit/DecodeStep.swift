/// What a decoder made of the bytes it had: a frame (with the bytes it came from) or an error.
public enum DecodeStep<Output: Sendable>: Sendable {
    case frame(Output, raw: [UInt8])
    case error(FrameError)
}

extension DecodeStep: Equatable where Output: Equatable {}

extension DecodeStep {
    /// The step for a cut frame: what parsing `raw` gave, or the reason it was refused.
    public init(_ parsed: Result<Output, FrameError>, raw: [UInt8]) {
        switch parsed {
        case .success(let frame): self = .frame(frame, raw: raw)
        case .failure(let error): self = .error(error)
        }
    }
}
