import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// `diag simulate` finds every simulator through the driver catalogue: each command line
/// `diag drivers --json` prints for a driver gets past choosing the simulator and on to the
/// device's medium: HTTP devices post to a loopback listener, serial ones try to link their
/// pseudo-terminal in a missing folder.
@Suite("diag simulate reaches every driver's simulator", .timeLimit(.minutes(2)))
struct DiagSimulateCatalogueTests {
    /// A loopback HTTP listener answering 200 to every request and printing each as `METHOD PATH`.
    static let listener = """
        import http.server
        class Answer(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("content-length", "0")))
                self.answer()
            def do_GET(self):
                self.answer()
            def answer(self):
                self.send_response(200)
                self.send_header("content-length", "2")
                self.end_headers()
                self.wfile.write(b"OK")
                print(self.command, self.path, flush=True)
            def log_message(self, *arguments):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
        print("port", server.server_address[1], flush=True)
        server.serve_forever()
        """
    static let missingFolderLink = "/nonexistent-laneagent-test/port"
    /// What a command needs besides its medium.
    static let required = ["zkteco": ["--serial", "TEST0001"]]

    static func simulated() async throws -> [(name: String, medium: String, command: String?)] {
        let output = try await CLI.run("diag", "drivers", "--json")
        guard case .array(let entries) = try JSONParser.parse(Array(output.stdout.utf8)) else { return [] }
        return entries.compactMap { entry in
            guard let name = entry["name"]?.stringValue, let medium = entry["simulator"]?["medium"]?.stringValue else { return nil }
            return (name, medium, entry["simulator"]?["command"]?.stringValue)
        }
    }

    @Test("each driver's diag simulate command line chooses its simulator and acts on the medium")
    func everyCommandReachesItsDriver() async throws {
        // Debian's python3 itself, and SIGKILL: through pyenv's shim a signal reaches only the shim, and SIGTERM is
        // ignored by a child of this process once a suite has run a service group (SIG_IGN survives exec), so the
        // listener outlived every run.
        let server = try ChildProcess("/usr/bin/python3", ["-c", Self.listener])
        defer { server.signal(SIGKILL) }
        try #require(await server.waitForOutput("port ", seconds: 60))
        let port = try #require(server.stdout.split(separator: "\n").first?.split(separator: " ").last.map(String.init))
        let drivers = try await Self.simulated()
        #expect(drivers.compactMap(\.command).count >= 10, "\(drivers)")
        for driver in drivers {
            guard let command = driver.command else { continue }
            let words = command.split(separator: " ").map(String.init)
            try #require(words.starts(with: ["laneagent", "diag", "simulate"]) && words.count >= 4, "\(driver.name): \(command)")
            let extra = Self.required[words[3]] ?? []
            switch driver.medium {
            case "http":
                let before = server.stdout.split(separator: "\n").count
                let output = try await CommandRunner.laneagent(Array(words.dropFirst()) + ["--target", "http://127.0.0.1:\(port)/devices/x/events"] + extra)
                #expect(output.status == 0, "\(command): exit \(output.status), \(output.stderr)")
                #expect(server.stdout.split(separator: "\n").count > before, "\(command) posted nothing")
            case "pty":
                let output = try await CommandRunner.laneagent(Array(words.dropFirst()) + ["--link", Self.missingFolderLink] + extra)
                #expect(output.status == 1 && output.stderr.contains(Self.missingFolderLink), "\(command): exit \(output.status), \(output.stderr)")
            default:
                Issue.record("\(driver.name): diag simulate has no command-line simulator on \(driver.medium)")
            }
        }
    }

    @Test("--driver naming another family's driver is refused as unknown, exit 2")
    func anotherFamilysDriver() async throws {
        let scale = try await CLI.run("diag", "simulate", "scale", "--driver", "hikvision-anpr", "--link", Self.missingFolderLink)
        #expect(scale.status == 2 && scale.stderr.contains("unknown driver 'hikvision-anpr'; expected one of: yaohua-xk3190, toledo-continuous, mt-sics, sma"))
        let anpr = try await CLI.run("diag", "simulate", "anpr", "--driver", "sma", "--target", "http://127.0.0.1:1/")
        #expect(anpr.status == 2 && anpr.stderr.contains("unknown plate driver 'sma'; expected one of: hikvision-anpr, generic-plate-json"))
    }
}
