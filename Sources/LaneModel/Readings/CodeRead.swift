/// A QR or barcode as a reader decoded it: opaque text, validated later by the lane's rules.
public struct CodeRead: Sendable, Hashable {
    public var text: String
    /// How it arrived: `serial` or `hid`.
    public var transport: String

    public init(text: String, transport: String) {
        self.text = text
        self.transport = transport
    }

    var members: [String: JSONValue] { ["text": .string(text), "transport": .string(transport)] }
}
