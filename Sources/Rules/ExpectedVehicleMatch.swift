import CrossingCodes
import LaneModel

/// The reference vehicle a crossing's plate reads matched, and how (exactly or through an
/// allowed O/0, I/1, B/8, D/0 confusion).
struct ExpectedVehicleMatch {
    var vehicle: ReferenceData.ExpectedVehicle
    /// The read that matched.
    var read: PlateRead
    var match: PlateMatch

    /// The best match among `reads` and the reference's vehicles: an exact match first, then the
    /// fewest confused characters, then the read with the highest confidence; nil when none matches.
    static func find(reads: [PlateRead], in vehicles: VehicleIndex) -> ExpectedVehicleMatch? {
        var best: ExpectedVehicleMatch?
        for read in reads {
            let candidates = vehicles.candidates(for: read.normalized)
            guard let match = PlateMatcher.bestMatch(read: read.normalized, in: candidates.map(\.plate)),
                  let vehicle = candidates.first(where: { $0.plate == match.expected }) else { continue }
            let candidate = ExpectedVehicleMatch(vehicle: vehicle, read: read, match: match)
            if let current = best, !candidate.isBetter(than: current) { continue }
            best = candidate
        }
        return best
    }

    private func isBetter(than other: ExpectedVehicleMatch) -> Bool {
        if match.confusedCharacters != other.match.confusedCharacters { return match.confusedCharacters < other.match.confusedCharacters }
        return (read.confidence ?? -1) > (other.read.confidence ?? -1)
    }
}
