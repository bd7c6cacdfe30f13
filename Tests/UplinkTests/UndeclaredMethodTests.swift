import Testing

/// A method a path does not take is 405 with `Allow`, not the router's 404 (which would tell a
/// client the resource is missing). deploy/schemathesis.sh checks all three servers against their
/// OpenAPI documents; this is the receiver's case in the suite.
@Suite("Undeclared methods")
struct UndeclaredMethodTests {
    @Test("the receiver answers 405 with Allow for a method a path does not take, and 404 still for a path it does not have")
    func receiver() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        for (method, path, allow) in [("TRACE", "v1/health", "GET"), ("DELETE", "v1/records:batch", "POST"), ("POST", "v1/devices/HN1119-C03", "GET"),
                                      ("PATCH", "v1/evidence/\(String(repeating: "a", count: 64))", "GET, PUT")] {
            let answer = try await HTTP.send(method, receiver.url + path)
            #expect(answer.status == 405, "\(method) \(path): \(answer.status) \(answer.text)")
            #expect(answer.header("Allow") == allow, "\(method) \(path)")
            #expect(answer.json?["error"]?.stringValue == "method-not-allowed")
        }
        #expect(try await HTTP.send("GET", receiver.url + "v1/nothing-here").status == 404)
        #expect(try await HTTP.send("GET", receiver.url + "v1/health").status == 200)
    }
}
