import LaneModel

/// The stable ids of the checks, used in rule packs, decision records and reports.
public enum RuleID: String, RecordValue, Hashable, CaseIterable {
    case plateRead = "plate.read"
    case plateExpected = "plate.expected"
    case weightStable = "weight.stable"
    case weightDeclared = "weight.declared"
    case weightAxleLimit = "weight.axle_limit"
    case containerCheckDigit = "container.check_digit"
    case containerExpected = "container.expected"
    case scanVerdict = "scan.verdict"
    case declarationValid = "declaration.valid"
    case watchlist = "watchlist"
    case referenceFresh = "reference.fresh"
    case deviceHealth = "device.health"
    case clockSynced = "clock.synced"
    case documentMRZ = "document.mrz"
    case documentExpiry = "document.expiry"
    case documentChipRead = "document.chip_read"
    case documentChipAuthentic = "document.chip_authentic"
    case documentChipMRZMatch = "document.chip_mrz_match"
    case documentChipGenuine = "document.chip_genuine"
    case faceMatch = "face.match"
    case faceLiveness = "face.liveness"
    case fingerprintMatch = "fingerprint.match"
    case crossingRepeat = "crossing.repeat"
}
