import LaneModel

/// One scripted crossing of the demo: who or what arrives, what the devices report, and the
/// decision the rules must reach.
struct DemoScenario: Sendable {
    enum Lane: String, Sendable {
        case cargo = "C1"
        case people = "P1"
    }

    /// What happens to a truck on the cargo lane.
    struct Truck: Sendable {
        var plate: String
        var plateConfidence = 0.94
        var weightKg: Double
        var containers: [String]
        var scan: ScanResult.Verdict = .clear
        var declarationQR: String?
        /// The scale's cable is pulled after the plate is read (and plugged back after the truck left).
        var unplugScale = false
    }

    /// What happens to a person on the people lane.
    struct Person: Sendable {
        var mrz: [String]
        var employeeNo: String
        var faceMatches = true
        var chip: Chip = .genuine
    }

    /// The passport's chip the person lays on the chip reader.
    enum Chip: Sendable {
        /// As the issuer wrote it, signed by the demo state's document signer.
        case genuine
        /// DG1 rewritten to these lines after the issuer signed EF.SOD (a forger's new identity).
        case altered(to: [String])
        /// Every file copied from a genuine chip onto a blank one, which lacks the original's
        /// Chip Authentication private key: passive authentication passes, chip authentication fails.
        case copied
    }

    enum Subject: Sendable {
        case truck(Truck)
        case person(Person)
    }

    var title: String
    var subject: Subject
    var expected: Decision
    /// The rule that must fail for the expected decision (nil for CLEAR).
    var failingRule: String?
    /// An officer overrides a REFER to CLEAR through the local API after the decision.
    var officerClears = false
    /// The central service is unreachable while this crossing happens (records queue up).
    var networkDown = false

    var lane: Lane {
        if case .truck = subject { return .cargo }
        return .people
    }
}
