import Agent
import Foundation
import CodeReaders
import LaneModel

/// The demo's made-up site: the expected trucks and people in its reference data, its rule
/// packs, and the scripted mix of crossings.
enum DemoSite {
    static let device = "HN1119-C03"
    static let site = "huu-nghi-1119"

    static let clean = DemoScenario.Truck(plate: "12C12345", weightKg: 23_850, containers: ["CSQU3054383"], declarationQR: "VNACCS|DECL=105123456780|HN1119")

    /// Expected vehicles: plate, containers, declared gross weight, axles, declaration number.
    static let vehicles: [(plate: String, containers: [String], grossKg: Double, axles: Int, declaration: String)] = [
        ("12C12345", ["CSQU3054383"], 24_000, 3, "105123456780"),
        ("12C67890", ["MSKU6011672"], 23_500, 3, "105123456781"),
        ("14C24680", ["TGHU4827340"], 22_000, 3, "105123456782"),
        ("15C13579", ["CSQU3054383"], 21_000, 3, "105123456783"),
        ("51D11111", ["MSKU6011672"], 23_000, 3, "105123456784"),
        ("29C55555", ["TGHU4827340"], 24_500, 3, "105123456785"),
    ]
    /// The officer who clears the unknown plate, enrolled as central would (at the fewest rounds
    /// allowed, so the demo starts quickly), with the PIN the demo types.
    static let officerID = "HN-0417"
    static let officerPIN = "041700"
    static let officer = PINHash.enrol(id: officerID, pin: officerPIN, iterations: Officer.Bounds.iterations.lowerBound)

    static let watchedPlates = ["29C55555"]
    static let watchedDocuments = ["W98765432"]

    static func passport(_ number: String, _ surname: String, _ given: String, expiry: String = "301231") -> [String] {
        MRZSpecimen.passport(number: number, surname: surname, givenNames: given, issuer: "VNM", nationality: "VNM", birth: "850412", expiry: expiry)
    }

    /// The reference body central would publish for the site; `csca` is the demo state's CSCA
    /// certificate (DER), which proves its passports' chips.
    static func reference(issuedAt: Timestamp, csca: [UInt8]) -> JSONValue {
        [
            "site": .string(site), "version": 1, "issuedAt": .string(issuedAt.rfc3339),
            "vehicles": .array(vehicles.map { vehicle in
                ["plate": .string(vehicle.plate), "containers": .array(vehicle.containers.map(JSONValue.string)),
                 "declaredGrossKg": .number(vehicle.grossKg), "axles": .number(Double(vehicle.axles)), "declaration": .string(vehicle.declaration)]
            }),
            "watchlist": ["plates": .array(watchedPlates.map(JSONValue.string)), "documents": .array(watchedDocuments.map(JSONValue.string)), "subjects": []],
            "officers": [officer.jsonValue],
            "documentTrust": ["cscas": [.string(Data(csca).base64EncodedString())]],
        ]
    }

    /// The scripted mix, in order; `--crossings N` cycles through it.
    static let mix: [DemoScenario] = [
        DemoScenario(title: "clean truck", subject: .truck(clean), expected: .clear),
        DemoScenario(title: "clean traveller", subject: .person(.init(mrz: passport("C12345678", "NGUYEN", "VAN AN"), employeeNo: "1001")), expected: .clear),
        DemoScenario(title: "overweight for 3 axles",
                     subject: .truck(.init(plate: "12C67890", weightKg: 27_900, containers: ["MSKU6011672"], declarationQR: "VNACCS|DECL=105123456781")),
                     expected: .hold, failingRule: "weight.axle_limit"),
        DemoScenario(title: "face does not match", subject: .person(.init(mrz: passport("C23456789", "TRAN", "THI BINH"), employeeNo: "1002", faceMatches: false)),
                     expected: .refer, failingRule: "face.match"),
        DemoScenario(title: "weight off the declaration",
                     subject: .truck(.init(plate: "14C24680", weightKg: 15_100, containers: ["TGHU4827340"], declarationQR: "VNACCS|DECL=105123456782")),
                     expected: .hold, failingRule: "weight.declared"),
        DemoScenario(title: "expired passport", subject: .person(.init(mrz: passport("C34567890", "LE", "VAN CUONG", expiry: "240101"), employeeNo: "1003")),
                     expected: .refer, failingRule: "document.expiry"),
        DemoScenario(title: "unknown plate, officer clears",
                     subject: .truck(.init(plate: "88C99999", weightKg: 20_000, containers: ["CSQU3054383"], declarationQR: "VNACCS|DECL=999")),
                     expected: .refer, failingRule: "plate.expected", officerClears: true),
        DemoScenario(title: "bad container check digit",
                     subject: .truck(.init(plate: "15C13579", weightKg: 21_200, containers: ["CSQU3054384"], declarationQR: "VNACCS|DECL=105123456783")),
                     expected: .refer, failingRule: "container.check_digit"),
        DemoScenario(title: "chip altered after issue",
                     subject: .person(.init(mrz: passport("C56789012", "VU", "VAN GIANG"), employeeNo: "1006",
                                            chip: .altered(to: passport("C56789012", "VU", "VAN HUNG")))),
                     expected: .hold, failingRule: "document.chip_authentic"),
        DemoScenario(title: "copied chip", subject: .person(.init(mrz: passport("C67890123", "DO", "THI LAN"), employeeNo: "1007", chip: .copied)),
                     expected: .hold, failingRule: "document.chip_genuine"),
        DemoScenario(title: "passport on the watchlist", subject: .person(.init(mrz: passport("W98765432", "PHAM", "VAN DUNG"), employeeNo: "1004")),
                     expected: .hold, failingRule: "watchlist"),
        DemoScenario(title: "X-ray suspect", subject: .truck(.init(plate: "51D11111", weightKg: 23_100, containers: ["MSKU6011672"], scan: .suspect,
                                                                    declarationQR: "VNACCS|DECL=105123456784")),
                     expected: .hold, failingRule: "scan.verdict"),
        DemoScenario(title: "plate on the watchlist",
                     subject: .truck(.init(plate: "29C55555", weightKg: 23_900, containers: ["TGHU4827340"], declarationQR: "VNACCS|DECL=105123456785")),
                     expected: .hold, failingRule: "watchlist"),
        DemoScenario(title: "scale unplugged mid-crossing",
                     subject: .truck(.init(plate: "12C12345", weightKg: 23_800, containers: ["CSQU3054383"], declarationQR: "VNACCS|DECL=105123456780",
                                           unplugScale: true)), expected: .refer, failingRule: "device.health"),
        DemoScenario(title: "clean truck, network down",
                     subject: .truck(.init(plate: "12C67890", weightKg: 23_700, containers: ["MSKU6011672"], declarationQR: "VNACCS|DECL=105123456781")),
                     expected: .clear, networkDown: true),
        DemoScenario(title: "clean traveller, network down", subject: .person(.init(mrz: passport("C45678901", "HOANG", "THI EM"), employeeNo: "1005")),
                     expected: .clear, networkDown: true),
    ]

    /// `count` crossings: the mix in order, then cycling through it (repeats of a plate within
    /// the repeat window are still decided on their own merits: the packs' window is short).
    static func scenarios(count: Int) -> [DemoScenario] {
        (0..<count).map { mix[$0 % mix.count] }
    }
}
