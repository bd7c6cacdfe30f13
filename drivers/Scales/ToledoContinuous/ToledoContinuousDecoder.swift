import DeviceKit
import LaneModel

/// Mettler Toledo standard continuous output (PROTOCOLS.md §1): `STX` · status A · status B ·
/// status C · 6 digits displayed weight · 6 digits tare · `CR` · checksum (when the indicator
/// is set to send it: the two's complement of the 7-bit sum of the bytes before it).
/// Status A bits 0–2 place the decimal point; status B: bit 0 net, bit 1 negative, bit 2 out of
/// range, bit 3 in motion, bit 4 kg (else lb).
public struct ToledoContinuousDecoder: FrameDecoder {
    static let bodyLength = 17
    private let checksum: Bool
    private var buffer = FrameBuffer()

    /// `checksum`: whether a checksum byte follows `CR` (the indicator's setting).
    public init(checksum: Bool = true) { self.checksum = checksum }

    private var frameLength: Int { checksum ? Self.bodyLength + 1 : Self.bodyLength }

    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    public mutating func next() -> DecodeStep<ScaleFrame>? {
        // Status bytes and digits are printable, so STX before the CR means a cut-short frame
        // (the checksum byte itself may be any 7-bit value, STX included).
        switch buffer.nextFixedLengthFrame(start: 0x02, named: "STX", length: frameLength, startFreeLength: Self.bodyLength) {
        case nil: return nil
        case .error(let error)?: return .error(error)
        case .frame(let raw)?: return DecodeStep(parse(raw), raw: raw)
        }
    }

    /// The checksum byte for the 17 bytes `STX`..`CR`.
    static func checksum(of body: some Sequence<UInt8>) -> UInt8 {
        let sum = body.reduce(0) { ($0 &+ $1) & 0x7F }
        return (0x80 &- sum) & 0x7F
    }

    private func parse(_ raw: [UInt8]) -> Result<ScaleFrame, FrameError> {
        guard raw[16] == 0x0D else {
            return .failure(FrameError("byte 16 is 0x\(Hex.encode([raw[16]])), not CR\(checksum ? "" : " (is checksum = false right?)")", bytes: raw))
        }
        if checksum {
            let expected = Self.checksum(of: raw[0...16])
            guard raw[17] & 0x7F == expected else {
                return .failure(FrameError("checksum 0x\(Hex.encode([raw[17] & 0x7F])) received, 0x\(Hex.encode([expected])) computed", bytes: raw))
            }
        }
        // A blank field (display blanked, as over range) shows no weight: it is not zero.
        let blank = raw[4..<10].allSatisfy { $0 == 0x20 }
        let displayed = Self.digits(raw[4..<10])
        guard blank || displayed != nil else {
            return .failure(FrameError("weight field \"\(String(decoding: raw[4..<10], as: UTF8.self))\" is not 6 digits", bytes: raw))
        }
        guard raw[10..<16].allSatisfy({ $0 == 0x20 }) || Self.digits(raw[10..<16]) != nil else {
            return .failure(FrameError("tare field \"\(String(decoding: raw[10..<16], as: UTF8.self))\" is not 6 digits", bytes: raw))
        }
        let statusA = raw[1] & 0x7F
        let statusB = raw[2] & 0x7F
        // Bits 0-2 of status A: 0 = XXXX00, 1 = XXXXX0, 2 = XXXXXX, 3 = XXXXX.X ... 7 = X.XXXXX.
        let point = Int(statusA & 0x07)
        let negative = statusB & 0x02 != 0
        let weight = displayed.map { displayed in
            let shown = point <= 2 ? Double(displayed) * ASCIIDigit.powerOfTen(2 - point) : Double(displayed) / ASCIIDigit.powerOfTen(point - 2)
            return negative ? -shown : shown
        }
        let motion = statusB & 0x08 != 0
        let status: WeightStatus = statusB & 0x04 != 0 ? (negative ? .underload : .overload) : blank ? .error : (motion ? .motion : .ok)
        return .success(ScaleFrame(weight: weight, unit: statusB & 0x10 != 0 ? .kg : .lb, status: status, stable: !motion && !blank,
                                   gross: statusB & 0x01 == 0))
    }

    /// Six digits, leading spaces allowed (blanked zeros); nil otherwise, and for a blank field.
    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        var sawDigit = false
        for byte in bytes {
            if let digit = ASCIIDigit.value(byte) {
                value = value * 10 + digit
                sawDigit = true
            } else if byte != 0x20 || sawDigit {
                return nil
            }
        }
        return sawDigit ? value : nil
    }
}
