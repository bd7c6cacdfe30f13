/// What a decoder made of the bytes it had: a frame (with the bytes it came from) or an error.
public enum DecodeStep<Output: Sendable>: Sendable {
    case frame(Output, raw: [UInt8])
    case error(FrameError)
}

extension DecodeStep: Equatable where Output: Equatable {}
