/// A QR or barcode as a reader decoded it: opaque text, validated later by the lane's rules.
public struct CodeRead: RecordObject, Hashable {
    public var text: String
    /// How it arrived: `serial` or `hid`.
    public var transport: String

    public init(text: String, transport: String) {
        self.text = text
        self.transport = transport
    }

    public func write(to members: inout RecordMembers) {
        members.required("text", text)
        members.required("transport", transport)
    }
}
