/// The `event` code of an access-control ("security push") `rtlog` line, decided: a
/// verification that passed, one that failed, or something else that happened at the door.
/// From the security push protocol's event appendix (`docs/protocols.md`, "ZKTeco access
/// events"; the driver README lists every code and what LaneAgent does with it).
public enum ZKTecoAccessEvent: Sendable, Hashable {
    /// The terminal verified the person and let them through.
    case passed
    /// The terminal tried to verify the person and refused them.
    case failed
    /// Not a verification result (a door, alarm, device or network event, or a multi-person
    /// verification still waiting for the next person).
    case other
    /// A code not in the table.
    case unknown

    public init(code: Int) {
        if Self.passedCodes.contains(code) { self = .passed }
        else if Self.failedCodes.contains(code) { self = .failed }
        else if Self.otherCodes.contains(code) { self = .other }
        else { self = .unknown }
    }

    /// Verifications that let the person through. Firmware differs in which it sends for one
    /// person: SpeedFace-V3L sends 0, SenseFace 2A and 3A send 3 ("multi-person open").
    static let passedCodes: Set<Int> = [0, 1, 2, 3, 14, 15, 16, 17, 18, 19, 203, 207, 208, 215, 216, 218, 219, 222, 232]

    /// Verifications refused. Duress opens (101, 103) count here: the person was forced, so the
    /// lane must never take them as a pass.
    static let failedCodes: Set<Int> = Set([20, 21, 22, 23, 24, 25, 27, 29, 30, 31, 33, 34, 35, 38, 39, 40, 41, 42, 44, 45, 48, 49, 50,
                                       52, 53, 59, 61, 62, 67, 68, 69, 73, 74, 75, 80, 101, 103, 104])

    /// Door, alarm, device and network events, and multi-person verifications still waiting
    /// (26, 32, 51): none says whether a person was verified.
    static let otherCodes: Set<Int> = Set([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 26, 28, 32, 36, 37, 43, 47, 51, 54, 55, 56, 57, 58, 60, 63,
                                      64, 65, 66, 70, 71, 72, 76, 77, 78, 79, 100, 102])
        .union(105...121).union(132...134).union(150...155)
        .union([200, 201, 202, 204, 205, 206, 209, 210, 211, 212, 213, 214, 217, 220, 221])
        .union(223...231).union(233...237).union(239...252).union([254, 255])
        .union(4000...6999)
}
