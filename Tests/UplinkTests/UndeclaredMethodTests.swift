import ClearanceReceiver
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LaneAgentTesting
import Logging
import Testing

/// A method a path does not take is 405 with `Allow`, not the router's 404 (which would tell a
/// client the resource is missing). deploy/schemathesis.sh checks all three servers against their
/// OpenAPI documents through real sockets; this is the receiver's case, on its production routes
/// driven in process (HummingbirdTesting's router mode: no socket, no child process).
@Suite("Undeclared methods")
struct UndeclaredMethodTests {
    @Test("the receiver answers 405 with Allow for a method a path does not take, and 404 still for a path it does not have")
    func receiver() async throws {
        let directory = TemporaryDirectory("receiver")
        let registry = directory.file("registry.ndjson")
        try (registryLine() + "\n").write(toFile: registry, atomically: true, encoding: .utf8)
        let options = ReceiverOptions(host: "127.0.0.1", port: 0, dataDirectory: directory.file("data"), registryPath: registry,
                                      receiptKey: TestKeys.central)
        let server = try ReceiverServer(options: options, logger: Logger(label: "test"))
        let app = Application(router: server.router())
        try await app.test(.router) { client in
            for (method, path, allow) in [(HTTPRequest.Method.trace, "/v1/health", "GET"), (.delete, "/v1/records:batch", "POST"),
                                          (.post, "/v1/devices/HN1119-C03", "GET"),
                                          (.patch, "/v1/evidence/\(String(repeating: "a", count: 64))", "GET, PUT")] {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(path): \(response.status)")
                    #expect(response.headers[.allow] == allow, "\(method) \(path)")
                    #expect(String(buffer: response.body).contains("\"method-not-allowed\""))
                }
            }
            try await client.execute(uri: "/v1/nothing-here", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/health", method: .get) { #expect($0.status == .ok) }
        }
        await server.close()
    }
}
