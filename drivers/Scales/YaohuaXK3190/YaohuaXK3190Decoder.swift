import DeviceKit
import LaneModel

/// Yaohua XK3190 continuous output, tF = 0 (`docs/protocols.md`, "Yaohua XK3190"): 12 bytes,
/// `STX` · sign · 6 weight digits · decimals digit · 2 check characters · `ETX`.
/// The check is the XOR of sign..decimals, high nibble then low, each as `0x30 + nibble`
/// (`:`–`?` above 9) or as a hex digit (`A`–`F`); both are accepted. No stability flag.
public struct YaohuaXK3190Decoder: FrameDecoder {
    static let frameLength = 12
    private var buffer = FrameBuffer()

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    public mutating func next() -> DecodeStep<ScaleFrame>? {
        // No field can hold STX, so a second one inside the frame means the first was cut short.
        switch buffer.nextFixedLengthFrame(start: 0x02, named: "STX", length: Self.frameLength, startFreeLength: Self.frameLength) {
        case nil: return nil
        case .error(let error)?: return .error(error)
        case .frame(let raw)?: return DecodeStep(Self.parse(raw), raw: raw)
        }
    }

    /// Checks and reads one complete frame.
    static func parse(_ raw: [UInt8]) -> Result<ScaleFrame, FrameError> {
        guard raw[11] == 0x03 else { return .failure(FrameError("byte 11 is 0x\(Hex.encode([raw[11]])), not ETX", bytes: raw)) }
        guard raw[1] == UInt8(ascii: "+") || raw[1] == UInt8(ascii: "-") else {
            return .failure(FrameError("sign byte 0x\(Hex.encode([raw[1]])) is not + or -", bytes: raw))
        }
        var value = 0
        for index in 2...7 {
            guard let digit = ASCIIDigit.value(raw[index]) else {
                return .failure(FrameError("weight byte \(index) is 0x\(Hex.encode([raw[index]])), not a digit", bytes: raw))
            }
            value = value * 10 + digit
        }
        // The manuals allow 0-4 decimals.
        guard let decimals = ASCIIDigit.value(raw[8]), decimals <= 4 else {
            return .failure(FrameError("decimals byte 0x\(Hex.encode([raw[8]])) is not 0-4", bytes: raw))
        }
        let expected = raw[1...8].reduce(0, ^)
        guard let high = checkNibble(raw[9]), let low = checkNibble(raw[10]) else {
            return .failure(FrameError("check bytes 0x\(Hex.encode([raw[9]])) 0x\(Hex.encode([raw[10]])) are not hex digits", bytes: raw))
        }
        guard high << 4 | low == expected else {
            return .failure(FrameError("check 0x\(Hex.encode([high << 4 | low])) received, 0x\(Hex.encode([expected])) computed", bytes: raw))
        }
        let magnitude = Double(value) / ASCIIDigit.powerOfTen(decimals)
        return .success(ScaleFrame(weight: raw[1] == UInt8(ascii: "-") ? -magnitude : magnitude, unit: .kg))
    }

    /// A check character's nibble: `0`–`9`, `:`–`?` (0x30 + nibble) or `A`–`F`/`a`–`f`.
    static func checkNibble(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x3F: byte - 0x30
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
