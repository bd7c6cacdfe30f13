import LaneModel

/// Picks, from a scale's continuous readings, the settled weights a lane needs: a stable, ok
/// reading of a vehicle that differs from the last one handed on. An empty platform (under
/// `emptyBelowKg`) is never handed on, so a lane cannot take "0 kg, stable" for a truck's weight.
struct SettledWeight {
    /// Below this the platform counts as empty (a person or a stray pallet, not a vehicle).
    var emptyBelowKg = 200.0
    /// A settled weight within this of the last one handed on is the same vehicle at rest.
    var sameWithinKg = 20.0
    private var last: Double?

    mutating func isNew(_ reading: WeightReading) -> Bool {
        guard let kg = reading.weightKg else { return false }
        if kg < emptyBelowKg {
            last = nil
            return false
        }
        guard reading.stable, reading.status == .ok else { return false }
        if let last, abs(kg - last) <= sameWithinKg { return false }
        last = kg
        return true
    }
}
