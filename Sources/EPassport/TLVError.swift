/// Bytes that are not the BER-TLV they should be: where it broke and why.
public struct TLVError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The byte offset, within the bytes handed to the parser, where the object that broke begins.
    public let offset: Int
    /// What is wrong there, such as "length 70000 runs past the 12 bytes left".
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "malformed TLV at byte \(offset): \(reason)" }
}
