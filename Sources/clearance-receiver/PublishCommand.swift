import ArgumentParser
import ClearanceProtocol
import ClearanceReceiver
import Foundation
import Journal
import LaneModel
import Records

extension ReceiverCommand {
    /// `clearance-receiver reference publish --data DIR --key FILE --site SITE --file JSON`
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sign reference data with the central key and serve it at /v1/reference/SITE.",
            discussion: """
                The file is the reference body: {"version", "issuedAt", "expiresAt"?, "vehicles": [{"plate", "containers", \
                "declaredGrossKg", "axles", "declaration"}], "watchlist": {"plates", "documents", "subjects"}, "rulePack"?}. \
                "site" is filled from --site; "issuedAt" defaults to now. The version must be newer than the one published.
                """)

        @Option(help: "The receiver's data directory.") var data: String
        @Option(help: "The central key file.") var key: String
        @Option(help: "The site the data is for.") var site: String
        @Option(help: "The reference body, JSON.") var file: String
        @Flag(help: "Print {\"site\",\"version\",\"path\"} as JSON.") var json = false

        func run() async throws {
            guard Identifier.isValid(site) else { throw ValidationError("--site \"\(site)\" must be \(Identifier.allowedDescription)") }
            let centralKey = try DeviceKey.load(from: key)
            guard let bytes = FileManager.default.contents(atPath: file) else { throw ReferenceError.badInput(file, "cannot be read") }
            var body: [String: JSONValue]
            do {
                guard case .object(let object) = try JSONParser.parse(Array(bytes)) else { throw ReferenceError.badInput(file, "must hold a JSON object") }
                body = object
            } catch let error as ReferenceError { throw error } catch {
                throw ReferenceError.badInput(file, "is not JSON: \(error)")
            }
            if case .string(let stated)? = body["site"], stated != site {
                throw ReferenceError.badInput(file, "says site \(stated), but --site is \(site)")
            }
            body["site"] = .string(site)
            if body["issuedAt"] == nil { body["issuedAt"] = .string(Timestamp.now().rfc3339) }
            let reference: ReferenceData
            do { reference = try ReferenceData(json: .object(body)) } catch {
                throw ReferenceError.badInput(file, error.description)
            }
            let path = try ReferenceDirectory(dataDirectory: data).publish(reference, key: centralKey)
            if json {
                printJSON(["site": .string(site), "version": .number(Double(reference.version)), "path": .string(path)])
            } else {
                print("published reference data version \(reference.version) for site \(site) (\(reference.vehicles.count) vehicles) at \(path)")
            }
        }
    }
}
