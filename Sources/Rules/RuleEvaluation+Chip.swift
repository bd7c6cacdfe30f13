import LaneModel

/// The chip rules of the people lane (ICAO 9303 part 11): was the chip read, is what it holds
/// signed by a trusted state (passive authentication), does its MRZ match the printed one, and
/// is the chip itself the original (active or chip authentication). Details say what was proved
/// or failed, never the holder's data.
extension RuleEvaluation {
    /// The chip read the rules judge: the last one read completely, else the last attempt.
    var chip: ChipRead? {
        evidence.chips.last { $0.read } ?? evidence.chips.last
    }

    func documentChipRead() -> (RuleOutcome, String) {
        guard let chip else { return (.missing, "no document chip read") }
        guard chip.read else { return (.fail, "the chip could not be read: \(chip.failure ?? "no reason given")") }
        let groups = chip.dataGroups.map { "DG\($0)" }.joined(separator: ", ")
        return (.pass, "read over \(chip.access): \(groups.isEmpty ? "no data groups" : groups)")
    }

    func documentChipAuthentic() -> (RuleOutcome, String) {
        guard let chip, chip.read else { return (.missing, "no chip read completely, so nothing to authenticate") }
        let check = chip.passiveAuthentication
        switch check.outcome {
        case .passed: return (.pass, check.detail)
        case .failed: return (.fail, "passive authentication failed: \(check.detail)")
        case .notOffered, .notChecked: return (.missing, "passive authentication was not done: \(check.detail)")
        }
    }

    func documentChipMRZMatch() -> (RuleOutcome, String) {
        guard let chipDocument = chip?.document else { return (.missing, "the chip's DG1 (its MRZ) was not read") }
        guard let printed = document else { return (.pass, "no printed MRZ read to compare; the chip's DG1 stands alone") }
        let fields: [(String, String, String)] = [
            ("document code", chipDocument.documentCode, printed.documentCode), ("issuer", chipDocument.issuer, printed.issuer),
            ("number", Self.documentNumber(chipDocument.number), Self.documentNumber(printed.number)),
            ("nationality", chipDocument.nationality, printed.nationality), ("birth date", chipDocument.birthDate, printed.birthDate),
            ("sex", chipDocument.sex, printed.sex), ("expiry date", chipDocument.expiryDate, printed.expiryDate),
            ("surname", chipDocument.surname, printed.surname), ("given names", chipDocument.givenNames, printed.givenNames),
        ]
        let differing = fields.filter { $0.1 != $0.2 }.map(\.0)
        if differing.isEmpty { return (.pass, "the chip's DG1 equals the printed MRZ") }
        return (.fail, "the chip's DG1 differs from the printed MRZ in: \(differing.joined(separator: ", "))")
    }

    func documentChipGenuine() -> (RuleOutcome, String) {
        guard let chip, chip.read else { return (.missing, "no chip read completely, so its authenticity is unknown") }
        let check = chip.chipAuthentication
        let method = check.method.map { " (\($0))" } ?? ""
        switch check.outcome {
        case .passed: return (.pass, "the chip proved it holds its private key\(method): \(check.detail)")
        case .failed: return (.fail, "chip authentication failed\(method): \(check.detail)")
        case .notChecked: return (.missing, "chip authentication was not done: \(check.detail)")
        case .notOffered:
            guard thresholds.chipGenuineRequired else {
                return (.pass, "the chip offers neither Active nor Chip Authentication, and this pack does not require it (chip_genuine_required = false)")
            }
            return (.missing, "the chip offers neither Active nor Chip Authentication, which this pack requires (chip_genuine_required = true)")
        }
    }
}
