import Agent
import ConfigFile
import Testing

/// `[http] admin_listen`: where the admin server listens, validated like every other key.
@Suite("[http] admin_listen")
struct AdminConfigTests {
    static let head = """
        [agent]
        device = "HN1119-C03"
        site = "huu-nghi-1119"
        state_dir = "/var/lib/laneagent"

        """

    @Test("absent: loopback port 9108; set: that address; \"off\": no admin server")
    func values() throws {
        let absent = try AgentConfig.parse(Self.head, path: "a.toml")
        #expect(absent.admin.listen == ListenAddress("127.0.0.1:9108"))
        #expect(absent.summary.contains("; status page and metrics on http://127.0.0.1:9108/"), "\(absent.summary)")
        let set = try AgentConfig.parse(Self.head + "[http]\nadmin_listen = \"0.0.0.0:9200\"\n", path: "a.toml")
        #expect(set.admin.listen == ListenAddress("0.0.0.0:9200"))
        #expect(set.http == GatewaySettings(), "the device gateway's settings are its own")
        let ipv6 = try AgentConfig.parse(Self.head + "[http]\nadmin_listen = \"[::1]:9108\"\n", path: "a.toml")
        #expect(ipv6.admin.listen?.host == "::1" && ipv6.summary.contains("http://[::1]:9108/"))
        let off = try AgentConfig.parse(Self.head + "[http]\nadmin_listen = \"off\"\n", path: "a.toml")
        #expect(off.admin.listen == nil && !off.summary.contains("status page"))
    }

    @Test("mistakes are config errors at their line", arguments: [
        ("[http]\nadmin_listen = \"9108\"\n", 6, ConfigProblem.Kind.invalidValue, "admin_listen = \"9108\" is not HOST:PORT"),
        ("[http]\nadmin_listen = \"127.0.0.1:99999\"\n", 6, .invalidValue, "or \"off\" for no admin server"),
        ("[http]\nadmin_listen = 9108\n", 6, .wrongType, "http.admin_listen must be a string"),
        ("[http]\nadmin_port = 9108\n", 6, .unknownKey,
         """
             unknown key 'admin_port' in [http]; expected one of: listen, max_body_kb, max_connections, max_connections_per_address, request_timeout_seconds, \
             tls_cert, tls_key, admin_listen
             """),
    ])
    func mistakes(text: String, line: Int, kind: ConfigProblem.Kind, message: String) {
        #expect(throws: ConfigError.self) { try AgentConfig.parse(Self.head + text, path: "a.toml") }
        do {
            _ = try AgentConfig.parse(Self.head + text, path: "a.toml")
        } catch {
            let problem = error.problems.first
            #expect(problem?.line == line && problem?.kind == kind, "\(error)")
            #expect(error.description.contains("a.toml:\(line): ") && error.description.contains(message), "\(error)")
        }
    }
}
