/// A licence plate as a camera read it.
public struct PlateRead: Sendable, Hashable {
    /// Exactly what the camera reported.
    public var raw: String
    /// Separators removed and upper-cased (`12C-123.45` → `12C12345`); what plates are compared by.
    public var normalized: String
    /// `VN`, `CN`, or nil when the form matches neither country's plates.
    public var country: String?
    /// The camera's confidence, scaled to 0…1; nil when it sent none.
    public var confidence: Double?
    /// `approach`, `leave`, or nil when unknown.
    public var direction: String?

    public init(raw: String, normalized: String, country: String?, confidence: Double?, direction: String?) {
        self.raw = raw
        self.normalized = normalized
        self.country = country
        self.confidence = confidence
        self.direction = direction
    }

    var members: [String: JSONValue] {
        ["raw": .string(raw), "plate": .string(normalized), "country": country.map(JSONValue.string) ?? .null,
         "confidence": confidence.map(JSONValue.number) ?? .null, "direction": direction.map(JSONValue.string) ?? .null]
    }
}
