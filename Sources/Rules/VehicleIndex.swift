import CrossingCodes
import LaneModel

/// The reference data's expected vehicles by plate candidate key, built once per reference data
/// so a lane matches a read against thousands of expected trucks without scanning them all.
public struct VehicleIndex: Sendable {
    private let byKey: [String: [ReferenceData.ExpectedVehicle]]

    public init(_ reference: ReferenceData) {
        var byKey: [String: [ReferenceData.ExpectedVehicle]] = [:]
        for vehicle in reference.vehicles { byKey[PlateMatcher.candidateKey(vehicle.plate), default: []].append(vehicle) }
        self.byKey = byKey
    }

    /// The vehicles `read` may match, in the reference data's order.
    func candidates(for read: String) -> [ReferenceData.ExpectedVehicle] { byKey[PlateMatcher.candidateKey(read)] ?? [] }
}
