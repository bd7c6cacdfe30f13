import DeviceKit
import LaneModel

/// SMA serial protocol replies to `LF W CR` (`docs/protocols.md`, "SMA"), 20 bytes: `LF` ·
/// status (`Z` centre of zero, `O` over capacity, `U` under, `E` zero error, `I` initial-zero
/// error, `T` tare error, `e` weight not displayed (Cardinal), space none) · range digit ·
/// `G`/`N`/`T` gross, net or tare, `g`/`n` gross or net at high resolution · `M` in motion or
/// space · reserved · 10-character weight · 3-character unit · `CR`. `LF ? CR` means the
/// request was not understood.
public struct SMADecoder: FrameDecoder {
    static let frameLength = 20
    private var buffer = FrameBuffer()

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    public mutating func next() -> DecodeStep<ScaleFrame>? {
        if buffer.count >= 3 && buffer[0] == 0x0A && buffer[1] == UInt8(ascii: "?") && buffer[2] == 0x0D {
            return .error(FrameError("the indicator did not understand the request (LF ? CR)", bytes: buffer.take(3)))
        }
        switch buffer.nextFixedLengthFrame(start: 0x0A, named: "LF", length: Self.frameLength, startFreeLength: Self.frameLength) {
        case nil: return nil
        case .error(let error)?: return .error(error)
        case .frame(let raw)?: return DecodeStep(Self.parse(raw), raw: raw)
        }
    }

    static func parse(_ raw: [UInt8]) -> Result<ScaleFrame, FrameError> {
        guard raw[19] == 0x0D else { return .failure(FrameError("byte 19 is 0x\(Hex.encode([raw[19]])), not CR", bytes: raw)) }
        guard raw[1..<19].allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
            return .failure(FrameError("frame holds bytes that are not printable ASCII", bytes: raw))
        }
        let status: WeightStatus
        switch raw[1] {
        case UInt8(ascii: "Z"), UInt8(ascii: " "): status = .ok
        case UInt8(ascii: "O"): status = .overload
        case UInt8(ascii: "U"): status = .underload
        // E, I and T send dashes for the weight; e (Cardinal) blanks it.
        case UInt8(ascii: "E"), UInt8(ascii: "I"), UInt8(ascii: "T"), UInt8(ascii: "e"): status = .error
        default: return .failure(FrameError("status '\(Character(Unicode.Scalar(raw[1])))' is not Z, O, U, E, I, T, e or space", bytes: raw))
        }
        let gross: Bool
        // High resolution shows more digits than the scale is approved for: a weight to look
        // at, never a settled one for a lane.
        let highResolution = raw[3] == UInt8(ascii: "g") || raw[3] == UInt8(ascii: "n")
        switch raw[3] {
        case UInt8(ascii: "G"), UInt8(ascii: "g"): gross = true
        case UInt8(ascii: "N"), UInt8(ascii: "n"): gross = false
        case UInt8(ascii: "T"):
            // The tare held, the answer to `M` (never sent): not what is on the platform.
            let text = String(decoding: raw[6..<19], as: UTF8.self).split(separator: " ").joined(separator: " ")
            return .success(ScaleFrame(weight: nil, status: .ok, reply: "tare \(text)"))
        default: return .failure(FrameError("gross/net byte '\(Character(Unicode.Scalar(raw[3])))' is not G, N, g, n or T", bytes: raw))
        }
        guard raw[4] == UInt8(ascii: "M") || raw[4] == UInt8(ascii: " ") else {
            return .failure(FrameError("motion byte '\(Character(Unicode.Scalar(raw[4])))' is not M or space", bytes: raw))
        }
        let motion = raw[4] == UInt8(ascii: "M")
        let weightText = String(decoding: raw[6..<16], as: UTF8.self)
        let weight = ASCIIDigit.number(weightText)
        if weight == nil && (status == .ok) {
            return .failure(FrameError("weight field \"\(weightText)\" is not a number", bytes: raw))
        }
        guard let unit = WeightUnit(indicatorText: String(decoding: raw[16..<19], as: UTF8.self)) else {
            return .failure(FrameError("unit \"\(String(decoding: raw[16..<19], as: UTF8.self))\" is not kg, g, t, lb or oz", bytes: raw))
        }
        return .success(ScaleFrame(weight: weight, unit: unit, status: status == .ok && motion ? .motion : status,
                                   stable: !motion && !highResolution, gross: gross))
    }
}
