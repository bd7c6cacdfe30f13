import CrossingCodes
import LaneModel

/// DG1 (ICAO 9303 part 10, §4.7.1): the machine-readable zone as the chip holds it.
public struct DataGroup1: Sendable, Hashable {
    /// The zone's lines: 3 × 30 (TD1), 2 × 36 (TD2) or 2 × 44 (TD3).
    public let lines: [[UInt8]]

    public init(_ bytes: [UInt8]) throws(TLVError) {
        let object = try TLV.parseFirst(bytes)
        guard object.tag == 0x61, let zone = try object.child(0x5F1F) else { throw TLVError(offset: 0, reason: "DG1 holds no MRZ (61 / 5F1F)") }
        let shape: (count: Int, length: Int)
        switch zone.value.count {
        case 90: shape = (3, 30)
        case 72: shape = (2, 36)
        case 88: shape = (2, 44)
        default: throw TLVError(offset: 0, reason: "DG1's MRZ has \(zone.value.count) characters, not 90, 72 or 88")
        }
        lines = (0..<shape.count).map { Array(zone.value[$0 * shape.length..<($0 + 1) * shape.length]) }
    }

    /// The zone parsed and its check digits verified as of `time`; nil for TD2, which the lane's MRZ parser does not read, or characters outside the MRZ set.
    public func document(at time: Timestamp, utcOffsetMinutes: Int = 0) -> DocumentRead? {
        guard let format = MRZFormat.withLineLength(lines.first?.count ?? 0), let document = MRZDocument(format: format, lines: lines) else { return nil }
        return document.read(at: time, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// DG1's bytes for `lines` (the zone as printed): 61 { 5F1F zone }.
    public static func encode(lines: [String]) -> [UInt8] {
        TLV.encode(tag: 0x61, value: TLV.encode(tag: 0x5F1F, value: Array(lines.joined().utf8)))
    }
}
