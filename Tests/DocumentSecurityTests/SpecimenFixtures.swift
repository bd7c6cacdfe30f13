import Foundation

/// The third-party specimen passports in Fixtures/ (see Fixtures/SOURCES.md).
enum SpecimenFixtures {
    static func bytes(_ path: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "Fixtures/" + path, withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return Array(try Data(contentsOf: url))
    }

    /// A specimen's EF.SOD and the data groups it publishes with it.
    struct Specimen: CustomStringConvertible, Sendable {
        let folder: String
        let dataGroups: [Int]
        /// A day inside the document signer certificate's validity.
        let day: Date
        var description: String { folder }

        func sod() throws -> [UInt8] { try SpecimenFixtures.bytes(folder + "/EF_SOD.bin") }
        func groups() throws -> [Int: [UInt8]] {
            var groups: [Int: [UInt8]] = [:]
            for number in dataGroups { groups[number] = try SpecimenFixtures.bytes(folder + "/DG\(number).bin") }
            return groups
        }
    }

    static let specimens = [
        Specimen(folder: "BSI-TR-03105-5", dataGroups: [1, 14], day: Date(timeIntervalSince1970: 1_400_000_000)),
        Specimen(folder: "ETSI-TR-103200", dataGroups: [1, 14, 15], day: Date(timeIntervalSince1970: 1_325_376_000)),
    ]
}
