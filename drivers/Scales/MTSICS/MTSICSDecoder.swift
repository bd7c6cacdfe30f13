import DeviceKit
import LaneModel

/// MT-SICS replies (`docs/protocols.md`, "MT-SICS"), one line each ending `CR LF`: `S S <value> <unit>` stable,
/// `S D …` dynamic, `S I` cannot weigh now, `S +` overload, `S -` underload, `ES`/`ET`/`EL`
/// syntax, transmission and logic errors, and `Z A`/`Z I`/`Z +`/`Z -` answering a zero command.
public struct MTSICSDecoder: FrameDecoder {
    static let maximumLine = 64
    private var buffer = FrameBuffer()

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    public mutating func next() -> DecodeStep<ScaleFrame>? {
        // A line longer than the longest reply is cut at the same place however the bytes arrived.
        let limit = Self.maximumLine + 2
        let end = buffer.firstOffset(where: { $0 == 0x0A })
        guard let end, end < limit else {
            guard end != nil || buffer.count >= limit else { return nil }
            return .error(FrameError("\(limit) bytes without a line end (CR LF)", bytes: buffer.take(limit)))
        }
        let raw = buffer.take(end + 1)
        guard raw.count >= 2, raw[raw.count - 2] == 0x0D else {
            return .error(FrameError("line does not end in CR LF", bytes: raw))
        }
        guard let text = String(validating: raw.dropLast(2), as: UTF8.self),
              text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            return .error(FrameError("line is not printable ASCII of up to \(Self.maximumLine) characters", bytes: raw))
        }
        switch Self.parse(text) {
        case .success(let frame): return .frame(frame, raw: raw)
        case .failure(let reason): return .error(FrameError(reason.message, bytes: raw))
        }
    }

    struct Reason: Error { let message: String }

    static func parse(_ line: String) -> Result<ScaleFrame, Reason> {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let command = fields.first else { return .failure(Reason(message: "empty line")) }
        switch (command, fields.count > 1 ? fields[1] : "") {
        case ("S", "S"), ("S", "D"):
            guard fields.count == 4, let value = ASCIIDigit.number(fields[2]), let unit = WeightUnit(indicatorText: fields[3]) else {
                return .failure(Reason(message: "weight reply \"\(line)\" is not S S|D <value> <unit>"))
            }
            let stable = fields[1] == "S"
            return .success(ScaleFrame(weight: value, unit: unit, status: stable ? .ok : .motion, stable: stable))
        case ("S", "I"), ("ES", ""), ("ET", ""), ("EL", ""):
            return .success(ScaleFrame(weight: nil, status: .error, stable: false))
        case ("S", "+"): return .success(ScaleFrame(weight: nil, status: .overload, stable: false))
        case ("S", "-"): return .success(ScaleFrame(weight: nil, status: .underload, stable: false))
        case ("Z", "A"), ("Z", "I"), ("Z", "+"), ("Z", "-"):
            return .success(ScaleFrame(weight: nil, status: fields[1] == "A" ? .ok : .error, reply: line))
        default:
            return .failure(Reason(message: "unexpected reply \"\(line)\""))
        }
    }
}
