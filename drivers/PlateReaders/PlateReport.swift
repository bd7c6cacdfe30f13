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

    /// One plate reading, or none with the note "no plate read" when the camera read nothing.
    func outcome(device: String) -> EventOutcome {
        let read = PlateNormalizer.read(raw: raw, confidence: confidence, direction: direction, namedColour: colour)
        if Self.noPlateTexts.contains(read.normalized) { return EventOutcome(readings: [], note: "no plate read") }
        return EventOutcome(readings: [Reading(device: device, time: time, detail: .plate(read), evidence: evidence)])
    }
}
