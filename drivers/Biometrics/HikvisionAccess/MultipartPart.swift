/// One part of a `multipart/form-data` body.
public struct MultipartPart: Sendable, Hashable {
    /// The `name` of its `Content-Disposition`.
    public var name: String?
    public var filename: String?
    /// Its `Content-Type`, lower-cased, without parameters.
    public var contentType: String?
    public var body: [UInt8]

    public init(name: String?, filename: String?, contentType: String?, body: [UInt8]) {
        self.name = name
        self.filename = filename
        self.contentType = contentType
        self.body = body
    }
}
