import HTTPTypes
import Hummingbird

/// Answers `405 Method Not Allowed`, with `Allow`, for a method a path does not take: a router
/// answers 404 for it, which tells a client the resource is missing when only the method was
/// wrong (RFC 9110 §15.5.6). Our servers' OpenAPI documents are checked against this.
public enum UndeclaredMethods {
    /// The methods a client may try on any path: RFC 9110's, PATCH, and QUERY (the IETF draft
    /// for a safe request with a body), which API checkers try too.
    public static let tried: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .options, .patch, .trace] + [HTTPRequest.Method("QUERY")].compactMap { $0 }

    /// Registers the 405 answer on `path` for every method of `tried` outside `allowed`.
    public static func refuse<Context: RequestContext>(on router: Router<Context>, path: String, allowed: [HTTPRequest.Method]) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for method in tried where !allowed.contains(method) {
            router.on(RouterPath(path), method: method) { _, _ in
                let text = "{\"error\":\"method-not-allowed\",\"message\":\"\(path) takes \(allow), not \(method.rawValue)\"}\n"
                return Response(status: .methodNotAllowed, headers: [.allow: allow, .contentType: "application/json"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
            }
        }
    }
}
