/// One part of a `multipart/*` body: its header fields and its bytes.
public struct MultipartPart: Sendable, Hashable {
    /// Header fields by lower-case name, values trimmed.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(headers: [String: String], body: [UInt8]) {
        self.headers = headers
        self.body = body
    }

    /// The `name` parameter of `Content-Disposition`, such as `anpr.xml`.
    public var name: String? { HeaderParameters.value(of: "name", in: headers["content-disposition"]) }

    /// The `filename` parameter of `Content-Disposition`, such as `licensePlatePicture.jpg`.
    public var filename: String? { HeaderParameters.value(of: "filename", in: headers["content-disposition"]) }

    /// The media type without parameters, lower-cased: `application/xml`, `image/jpeg`.
    public var mediaType: String? { HeaderParameters.mediaType(headers["content-type"]) }

    /// The part's name for messages: its name, else its file name, else its position.
    /// The part's name, else its file name, else its position, for error messages.
    public func label(index: Int) -> String { name ?? filename ?? "part \(index + 1)" }
}
