/// A licence plate as a camera read it.
public struct PlateRead: RecordObject, Hashable {
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
    /// The plate's background colour (`blue`, `yellow`, `yellow-green` …) when the camera
    /// named it, in front of the plate text or in a field of its own.
    public var colour: String?

    public init(raw: String, normalized: String, country: String?, confidence: Double?, direction: String?, colour: String? = nil) {
        self.raw = raw
        self.normalized = normalized
        self.country = country
        self.confidence = confidence
        self.direction = direction
        self.colour = colour
    }

    public func write(to members: inout RecordMembers) {
        members.required("raw", raw)
        members.required("plate", normalized)
        members.required("country", country)
        members.required("confidence", confidence)
        members.required("direction", direction)
        // Only plates whose colour was named get the key: other records stay as they were.
        members.optional("colour", colour)
    }
}
