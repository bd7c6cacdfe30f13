import AsyncHTTPClient
import Foundation
import LaneModel
import NIOCore

/// GET requests to the admin server, as a browser, Prometheus or a load balancer's probe sends them.
enum AdminHTTP {
    struct Reply {
        let status: Int
        let contentType: String
        let body: String

        /// The body parsed as JSON.
        func json() throws -> JSONValue { try JSONParser.parse(Array(body.utf8)) }
    }

    static func get(_ url: String) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        return Reply(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type") ?? "",
                     body: String(decoding: bytes.readableBytesView, as: UTF8.self))
    }
}
