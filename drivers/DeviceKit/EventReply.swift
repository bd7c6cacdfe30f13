/// What the gateway answers a device: most want `200` with an empty body; ZKTeco terminals
/// read their commands and options from plain-text replies.
public struct EventReply: Sendable, Hashable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Other response headers, such as an authentication challenge.
    public var headers: [String: String] = [:]

    public init(status: Int = 200, contentType: String = "text/plain", body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }

    /// `200 OK` with `text` as a plain-text body.
    public static func text(_ text: String) -> EventReply { EventReply(body: Array(text.utf8)) }
}
