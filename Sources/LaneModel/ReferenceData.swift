
/// The reference data a site's lanes decide against: expected vehicles, watchlists and an
/// optional rule pack, issued and versioned by the central service.
public struct ReferenceData: Sendable, Equatable {
    /// A vehicle the site expects, with what was declared for it.
    public struct ExpectedVehicle: Sendable, Equatable {
        public var plate: String
        public var containers: [String]
        public var declaredGrossKg: Double
        public var axles: Int
        public var declaration: String
    }

    /// Plates, travel documents and people to stop for a person's look.
    public struct Watchlist: Sendable, Equatable {
        public var plates: [String] = []
        public var documents: [String] = []
        public var subjects: [String] = []
    }

    public var site: String
    public var version: Int
    public var issuedAt: Timestamp
    public var expiresAt: Timestamp?
    public var vehicles: [ExpectedVehicle]
    public var watchlist: Watchlist
    /// Rule pack TOML text, when central ships one with the data.
    public var rulePack: String?
    /// The officers who may override lanes; nil when the data lists none (issued before
    /// officers were), and then no override can be authenticated.
    public var officers: [Officer]?
    /// The CSCAs, master lists and CRLs that prove travel-document chips; nil when the data carries none.
    public var documentTrust: DocumentTrust?
    /// The JSON object as issued, with any fields this version does not use.
    public var json: JSONValue

    /// Reads and checks the reference body; errors name the field and what is wrong.
    public init(json: JSONValue) throws(ReferenceDataError) {
        guard case .object(let object) = json else { throw ReferenceDataError("the reference data must be a JSON object") }
        func string(_ key: String, in object: [String: JSONValue], at path: String) throws(ReferenceDataError) -> String {
            guard case .string(let text)? = object[key], !text.isEmpty else { throw ReferenceDataError("\(path)\(key) must be a non-empty string") }
            return text
        }
        func strings(_ key: String, in object: [String: JSONValue], at path: String) throws(ReferenceDataError) -> [String] {
            guard let value = object[key] else { return [] }
            guard case .array(let items) = value else { throw ReferenceDataError("\(path)\(key) must be an array of strings") }
            var result: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let text) = item, !text.isEmpty else { throw ReferenceDataError("\(path)\(key)[\(index)] must be a non-empty string") }
                result.append(text)
            }
            return result
        }
        func time(_ key: String, required: Bool) throws(ReferenceDataError) -> Timestamp? {
            guard let value = object[key] else {
                if required { throw ReferenceDataError("\(key) is missing; expected an RFC 3339 UTC time") }
                return nil
            }
            guard case .string(let text) = value, let stamp = Timestamp(rfc3339: text) else {
                throw ReferenceDataError("\(key) must be an RFC 3339 UTC time such as 2026-11-23T08:00:00.000Z")
            }
            return stamp
        }

        site = try string("site", in: object, at: "")
        guard Identifier.isValid(site) else { throw ReferenceDataError("site \"\(site)\" must be \(Identifier.allowedDescription)") }
        guard let version = object["version"]?.integerValue, version >= 1 else { throw ReferenceDataError("version must be an integer ≥ 1") }
        self.version = version
        issuedAt = try time("issuedAt", required: true)!
        expiresAt = try time("expiresAt", required: false)
        if let expiresAt, expiresAt <= issuedAt { throw ReferenceDataError("expiresAt \(expiresAt) is not after issuedAt \(issuedAt)") }

        vehicles = []
        if let value = object["vehicles"] {
            guard case .array(let items) = value else { throw ReferenceDataError("vehicles must be an array") }
            for (index, item) in items.enumerated() {
                let path = "vehicles[\(index)]."
                guard case .object(let vehicle) = item else { throw ReferenceDataError("vehicles[\(index)] must be an object") }
                guard case .number(let gross)? = vehicle["declaredGrossKg"], gross > 0, gross.isFinite else {
                    throw ReferenceDataError("\(path)declaredGrossKg must be a positive number of kilograms")
                }
                guard let axles = vehicle["axles"]?.integerValue, (2...12).contains(axles) else {
                    throw ReferenceDataError("\(path)axles must be an integer from 2 to 12")
                }
                vehicles.append(ExpectedVehicle(
                    plate: try string("plate", in: vehicle, at: path), containers: try strings("containers", in: vehicle, at: path),
                    declaredGrossKg: gross, axles: axles, declaration: try string("declaration", in: vehicle, at: path)))
            }
        }
        watchlist = Watchlist()
        if let value = object["watchlist"] {
            guard case .object(let lists) = value else { throw ReferenceDataError("watchlist must be an object of plates, documents and subjects") }
            watchlist = Watchlist(plates: try strings("plates", in: lists, at: "watchlist."),
                                  documents: try strings("documents", in: lists, at: "watchlist."),
                                  subjects: try strings("subjects", in: lists, at: "watchlist."))
        }
        switch object["rulePack"] {
        case nil, .null?: rulePack = nil
        case .string(let text)?: rulePack = text
        default: throw ReferenceDataError("rulePack must be the rule pack's TOML text")
        }
        officers = try Officer.roster(object["officers"])
        documentTrust = try DocumentTrust.read(object["documentTrust"])
        self.json = json
    }
}

/// What is wrong with a reference body.
public struct ReferenceDataError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
