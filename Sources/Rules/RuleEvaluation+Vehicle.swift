import LaneModel

/// The cargo rules: plate, weight, containers, X-ray scan and declaration.
extension RuleEvaluation {
    func plateRead() -> (RuleOutcome, String) {
        guard let best = bestPlate else { return (.missing, "no plate read") }
        let minimum = Self.fraction(thresholds.plateMinConfidence)
        guard let confidence = best.confidence else {
            return (.fail, "plate \(best.normalized) read without a confidence; the camera must send one to reach \(minimum)")
        }
        let text = "plate \(best.normalized), confidence \(Self.fraction(confidence))"
        return confidence >= thresholds.plateMinConfidence ? (.pass, "\(text) ≥ \(minimum)") : (.fail, "\(text) below \(minimum)")
    }

    func plateExpected() -> (RuleOutcome, String) {
        guard let reference = context.reference else { return (.missing, "no reference data: the expected vehicles are unknown") }
        guard !evidence.plates.isEmpty else { return (.missing, "no plate read") }
        guard let expected else {
            let reads = Set(evidence.plates.map(\.normalized)).sorted().joined(separator: ", ")
            return (.fail, "plate \(reads) matches none of the \(reference.vehicles.count) expected vehicles")
        }
        let read = expected.read.normalized
        if expected.match.isExact { return (.pass, "plate \(read) is an expected vehicle") }
        return (.pass,
                """
                    plate read \(read) matches expected \(expected.vehicle.plate) with \(expected.match.confusedCharacters) O/0, I/1, B/8 or D/0 \
                    swap\(expected.match.confusedCharacters == 1 ? "" : "s")
                    """)
    }

    /// The weight the weight rules use: the last stable reading with status ok.
    var stableWeight: WeightReading? {
        evidence.weights.last { $0.stable && $0.status == .ok && $0.weightKg != nil }
    }

    func weightStable() -> (RuleOutcome, String) {
        if let weight = stableWeight, let kilograms = weight.weightKg {
            return (.pass, "stable \(Kilograms.text(kilograms)) from \(weight.device)")
        }
        guard let last = evidence.weights.last else { return (.missing, "no weight reading") }
        let state = last.status == .ok ? "not stable" : last.status.rawValue
        let weight = last.weightKg.map { "\(Kilograms.text($0)), " } ?? ""
        return (.fail, "no stable weight in \(evidence.weights.count) reading\(evidence.weights.count == 1 ? "" : "s"); last from \(last.device): \(weight)\(state)")
    }

    func weightDeclared() -> (RuleOutcome, String) {
        guard let measured = stableWeight?.weightKg else { return (.missing, "no stable weight to compare with the declaration") }
        guard let vehicle = expected?.vehicle else { return (.missing, "no expected vehicle, so no declared weight (the plate matched none)") }
        let declared = vehicle.declaredGrossKg
        let tolerance = declared * thresholds.weightTolerancePercent / 100
        let detail = "measured \(Kilograms.text(measured)), declared \(Kilograms.text(declared)), tolerance \(Kilograms.percent(thresholds.weightTolerancePercent))"
        return (abs(measured - declared) <= tolerance ? .pass : .fail, detail)
    }

    func weightAxleLimit() -> (RuleOutcome, String) {
        guard let measured = stableWeight?.weightKg else { return (.missing, "no stable weight to compare with the axle limit") }
        guard let vehicle = expected?.vehicle else { return (.missing, "axle count unknown: no expected vehicle (the plate matched none)") }
        guard let limit = thresholds.grossLimitKg[vehicle.axles] else {
            return (.missing, "the rule pack has no gross limit for \(vehicle.axles) axles ([thresholds.gross_limit_kg] \"\(vehicle.axles)\")")
        }
        let detail = "measured \(Kilograms.text(measured)), limit \(Kilograms.text(limit)) for \(vehicle.axles) axles"
        return (measured <= limit ? .pass : .fail, detail)
    }

    func containerCheckDigit() -> (RuleOutcome, String) {
        guard !evidence.containers.isEmpty else { return (.missing, "no container code read") }
        let invalid = evidence.containers.filter { !$0.valid }
        if invalid.isEmpty {
            return (.pass, "check digits verify: \(Self.distinct(evidence.containers.map(\.code)).joined(separator: ", "))")
        }
        return (.fail, invalid.map { "\($0.code): \($0.problem ?? "not a valid ISO 6346 code")" }.joined(separator: "; "))
    }

    func containerExpected() -> (RuleOutcome, String) {
        guard let vehicle = expected?.vehicle else { return (.missing, "no expected vehicle, so no declared containers (the plate matched none)") }
        let wanted = Set(vehicle.containers.map(Self.containerCode))
        let read = Set(evidence.containers.map { Self.containerCode($0.code) })
        if read.isEmpty, !wanted.isEmpty { return (.missing, "no container code read; expected \(wanted.sorted().joined(separator: ", "))") }
        if read == wanted {
            return (.pass, wanted.isEmpty ? "no containers declared and none read" : "read the declared \(wanted.sorted().joined(separator: ", "))")
        }
        var parts: [String] = []
        let absent = wanted.subtracting(read).sorted()
        let extra = read.subtracting(wanted).sorted()
        if !absent.isEmpty { parts.append("missing \(absent.joined(separator: ", "))") }
        if !extra.isEmpty { parts.append("unexpected \(extra.joined(separator: ", "))") }
        return (.fail, parts.joined(separator: "; "))
    }

    func scanVerdict() -> (RuleOutcome, String) {
        guard !evidence.scans.isEmpty else { return (.missing, "no X-ray scan result") }
        let notClear = evidence.scans.filter { $0.verdict != .clear }
        if notClear.isEmpty {
            return (.pass, "scan \(evidence.scans.map(\.scanId).joined(separator: ", ")) clear")
        }
        return (.fail, notClear.map { "scan \($0.scanId) \($0.verdict.rawValue)" }.joined(separator: "; "))
    }

    func declarationValid() -> (RuleOutcome, String) {
        guard let vehicle = expected?.vehicle else { return (.missing, "no expected vehicle, so no declaration number to look for") }
        let codes = evidence.codes.map(\.text)
        guard !codes.isEmpty else { return (.missing, "no declaration QR read") }
        if DeclarationMatcher.firstMatch(in: codes, declaration: vehicle.declaration) != nil {
            return (.pass, "declaration QR carries \(vehicle.declaration)")
        }
        return (.fail, "\(codes.count) code\(codes.count == 1 ? "" : "s") read, none carries declaration \(vehicle.declaration)")
    }

    /// A container code as compared: upper-cased, spaces and separators removed.
    static func containerCode(_ code: String) -> String {
        String(code.uppercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
    }

    /// `values` without repeats, in first-seen order.
    static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
