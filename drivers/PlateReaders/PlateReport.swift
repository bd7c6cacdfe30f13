import CrossingCodes
import DeviceKit
import LaneModel

/// What a plate camera said in one event, in the camera's own terms, before it becomes a
/// reading: both drivers decode into this, so a plate is normalised and judged the same way
/// whichever camera read it.
struct PlateReport {
    /// The plate text exactly as sent.
    var raw: String
    /// Already scaled to 0…1.
    var confidence: Double?
    /// `approach`, `leave` or nil.
    var direction: String?
    var time: Timestamp
    var evidence: [EvidenceItem]
    /// The colour the camera named in a field of its own (ISAPI `<plateColor>`), if any.
    var colour: PlateColour? = nil

    /// What cameras send when they saw a vehicle but no plate, normalized: an empty plate,
    /// `unknown` (not read), `noPlate` (the vendor's schema: a vehicle without a plate), or on
    /// Chinese firmware `无车牌` ("no plate").
    static let noPlateTexts: Set<String> = ["", "UNKNOWN", "NOPLATE", "无车牌", "无牌"]

    /// The longest plate text taken, in UTF-8 bytes: the longest real plate with a colour word
    /// and separators (`黄绿 桂A·12345挂`) is under 32. Longer text is not a plate.
    static let maximumRawBytes = 64

    /// One plate reading, or none with the note "no plate read" when the camera read nothing,
    /// or none and a problem (a fault) when the text is too long to be a plate.
    func outcome(device: String) -> EventOutcome {
        guard raw.utf8.count <= Self.maximumRawBytes else {
            return EventOutcome(readings: [], note: "plate text too long",
                                problems: ["""
                                    the plate text is \(raw.utf8.count) bytes, over the \(Self.maximumRawBytes) a plate can be: not recorded
                                    """])
        }
        let read = PlateNormalizer.read(raw: raw, confidence: confidence, direction: direction, namedColour: colour)
        if Self.noPlateTexts.contains(read.normalized) { return EventOutcome(readings: [], note: "no plate read") }
        return EventOutcome(readings: [Reading(device: device, time: time, detail: .plate(read), evidence: evidence)])
    }
}
