/// Why a driver refused a device's request: answered `400` with `reason`, and journalled as a
/// `device.fault`. `excerpt` quotes the start of the input only when it holds no personal data.
public struct EventRejection: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, naming the part or field: "anpr.xml: no <licensePlate> in <ANPR>".
    public var reason: String
    /// The first bytes of the offending input as text (at most 200 characters), or nil for
    /// inputs that may identify a person (documents, biometric events).
    public var excerpt: String?

    public init(_ reason: String, excerpt: String? = nil) {
        self.reason = reason
        self.excerpt = excerpt.map { String($0.prefix(200)) }
    }

    public var description: String { reason }
}
