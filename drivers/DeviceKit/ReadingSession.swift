import LaneModel

/// Turns one connection's bytes into readings of one device: a frame decoder, and what each
/// frame means as a reading at the time it arrived (an MRZ needs the day to tell a birth
/// century and whether the document has expired). One type for every reader driver, so the
/// agent runs them all with one `SerialDevice<ReadingSession>` or `EvdevDevice<…>`, made by
/// the driver's `DriverDescription.readingSession`.
public struct ReadingSession: SerialSession {
    public let device: String
    private var decoder: any DetailDecoding

    /// A session for `device`, reading frames with `decoder` and describing each with `detail`.
    public init<Decoder: FrameDecoder>(device: String, decoder: Decoder,
                                       detail: @escaping @Sendable (Decoder.Frame, Timestamp) -> ReadingDetail) {
        self.device = device
        self.decoder = DetailDecoder(decoder: decoder, detail: detail)
    }

    /// Readers speak unasked.
    public var poll: SerialPoll? { nil }

    public mutating func append(_ bytes: some Sequence<UInt8>) { decoder.append(Array(bytes)) }

    public mutating func next(at time: ReceiveTime) -> DecodeStep<Reading>? {
        switch decoder.next(at: time.wall) {
        case nil: nil
        case .error(let error)?: .error(error)
        case .frame(let detail, let raw)?: .frame(Reading(device: device, time: time.wall, detail: detail), raw: raw)
        }
    }
}

/// A decoder whose frames are already described as reading details.
private protocol DetailDecoding: Sendable {
    mutating func append(_ bytes: [UInt8])
    mutating func next(at time: Timestamp) -> DecodeStep<ReadingDetail>?
}

private struct DetailDecoder<Decoder: FrameDecoder>: DetailDecoding {
    var decoder: Decoder
    let detail: @Sendable (Decoder.Frame, Timestamp) -> ReadingDetail

    mutating func append(_ bytes: [UInt8]) { decoder.append(bytes) }

    mutating func next(at time: Timestamp) -> DecodeStep<ReadingDetail>? {
        switch decoder.next() {
        case nil: nil
        case .error(let error)?: .error(error)
        case .frame(let frame, let raw)?: .frame(detail(frame, time), raw: raw)
        }
    }
}
