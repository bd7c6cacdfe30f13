import DeviceKit
import LaneModel

/// Turns one connection's bytes into weight readings: the driver's decoder, units converted to
/// kilograms, and stability decided in software when the protocol has no flag.
public struct ScaleSession: SerialSession {
    public let device: String
    public let poll: SerialPoll?
    private var decoder: any FrameDecoder<ScaleFrame>
    private var stability: StabilityDetector

    init(device: String, decoder: any FrameDecoder<ScaleFrame>, poll: SerialPoll?, stability: StabilityDetector) {
        self.device = device
        self.decoder = decoder
        self.poll = poll
        self.stability = stability
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) { decoder.append(bytes) }

    public mutating func next(at time: ReceiveTime) -> DecodeStep<WeightReading>? {
        while let step = decoder.next() {
            switch step {
            case .error(let error): return .error(error)
            case .frame(let frame, let raw):
                // Acknowledgements of commands (MT-SICS `Z A`) are not weights.
                if frame.reply != nil { continue }
                return .frame(reading(frame, at: time), raw: raw)
            }
        }
        return nil
    }

    private mutating func reading(_ frame: ScaleFrame, at time: ReceiveTime) -> WeightReading {
        var status = frame.status
        let stable: Bool
        if let flag = frame.stable {
            stable = flag && status == .ok
        } else if let weight = frame.weightKg, status == .ok || status == .motion {
            stable = stability.observe(weight, at: time.monotonicMilliseconds)
            status = stable ? .ok : .motion
        } else {
            stability.reset()
            stable = false
        }
        return WeightReading(device: device, time: time.wall, weightKg: frame.weightKg, stable: stable, status: status, gross: frame.gross)
    }
}
