import DeviceKit
import LaneModel

/// Mettler Toledo standard continuous output (`docs/protocols.md`, "Toledo continuous"): `STX` ·
/// status A · status B · status C · 6 digits displayed weight · 6 digits tare · `CR` ·
/// checksum (when the terminal is set to send it: the two's complement of the 7-bit sum of the
/// bytes before it). The six digits are the display's digits, dummy zeros included; status A
/// bits 0–2 say only where the decimal point is. Status B: bit 0 net, bit 1 negative, bit 2 out
/// of range, bit 3 in motion, bit 4 kg (else lb), bit 6 power-up zero not captured; status C
/// bits 0–2 another unit, bit 4 expanded display.
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
        let statusC = raw[3] & 0x7F
        let unit: WeightUnit
        switch ToledoUnitCode.unit(code: statusC & 0x07, kilograms: statusB & 0x10 != 0) {
        case .success(let named): unit = named
        case .failure(let refusal):
            return .failure(FrameError("status C unit code \(refusal.code) is \(refusal.name), which cannot be read as kg: set the terminal to kg or t", bytes: raw))
        }
        // Bits 0-2 of status A: 0 = XXXX00, 1 = XXXXX0, 2 = XXXXXX (the six digits are the whole
        // weight, dummy zeros included), 3 = XXXXX.X ... 7 = X.XXXXX.
        let decimals = max(Int(statusA & 0x07) - 2, 0)
        let negative = statusB & 0x02 != 0
        // Bit 6: the terminal has not captured zero since power-up, so what it shows is not a weight.
        let unzeroed = statusB & 0x40 != 0
        let weight = unzeroed ? nil : displayed.map { displayed in
            let shown = Double(displayed) / ASCIIDigit.powerOfTen(decimals)
            return negative ? -shown : shown
        }
        let motion = statusB & 0x08 != 0
        // An expanded display (status C bit 4) shows ten times the approved resolution, for
        // calibration: a weight to look at, never a settled one for a lane.
        let expanded = statusC & 0x10 != 0
        let status: WeightStatus = if statusB & 0x04 != 0 { negative ? .underload : .overload }
            else if blank || unzeroed { .error } else if motion { .motion } else { .ok }
        return .success(ScaleFrame(weight: weight, unit: unit, status: status, stable: !motion && !blank && !unzeroed && !expanded,
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
