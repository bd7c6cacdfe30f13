import ClearanceReceiver
import Foundation
import Journal
import LaneAgentTesting
import Testing

/// `clearance-receiver serve` where other machines can reach it, and a registry that gives one
/// key to two devices (security review, issue 18 item 9). Run as a user would, on the real binary.
@Suite("Receiver exposure and registry", .timeLimit(.minutes(2)))
struct ReceiverExposureTests {
    /// A receiver's data directory and one-device registry.
    final class Setup: Sendable {
        let directory = TemporaryDirectory("receiver-exposure")
        var registry: String { directory.file("registry.ndjson") }
        var portFile: String { directory.file("port") }

        init() throws {
            try (registryLine() + "\n").write(toFile: registry, atomically: true, encoding: .utf8)
            try TestKeys.write(TestKeys.central, to: directory.file("central.key"))
        }

        func arguments(listen: String, _ extra: [String] = []) -> [String] {
            ["serve", "--listen", listen, "--data", directory.file("data"), "--registry", registry, "--port-file", portFile,
             "--receipt-key", directory.file("central.key")] + extra
        }
    }

    @Test("plain HTTP on an address other machines reach is refused with exit 2 unless --allow-insecure", arguments: ["0.0.0.0:0", "[::]:0"])
    func plainBeyondLoopbackRefused(listen: String) async throws {
        let setup = try Setup()
        let output = try await CommandRunner.run(CommandRunner.receiverPath, setup.arguments(listen: listen))
        #expect(output.status == 2)
        #expect(output.stderr.contains("--listen \(listen) would serve plain HTTP to other machines"), "\(output.stderr)")
        #expect(output.stderr.contains("reader tokens cross the network readable") && output.stderr.contains("--allow-insecure")
                && output.stderr.contains("--client-ca"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: setup.portFile), "it never listened")
    }

    @Test("with --allow-insecure it serves, and says on stderr what anyone who reaches it can do")
    func plainBeyondLoopbackAllowed() async throws {
        let setup = try Setup()
        let child = try ChildProcess(CommandRunner.receiverPath, setup.arguments(listen: "0.0.0.0:0", ["--allow-insecure"]))
        defer { child.signal(SIGKILL) }
        let port = try await waitForPort(setup.portFile, child: child)
        #expect(try await HTTP.send("GET", "http://127.0.0.1:\(port)/v1/health").status == 200)
        #expect(child.stderr.contains("warning: serving plain HTTP on 0.0.0.0:0 (--allow-insecure)"), "\(child.stderr)")
        #expect(child.stderr.contains("no connection is tied to a device: uploads are accepted on the device's signature alone"), "\(child.stderr)")
        #expect(child.stderr.contains("records, evidence files and reader tokens cross the network readable"), "\(child.stderr)")
    }

    @Test("TLS without --client-ca beyond loopback starts with a warning; with it, none")
    func tlsWithoutClientCA() async throws {
        let pki = try await TestPKI()
        for clientCA in [false, true] {
            let setup = try Setup()
            let tls = ["--tls-cert", pki.serverCert, "--tls-key", pki.serverKey] + (clientCA ? ["--client-ca", pki.caCert] : [])
            let child = try ChildProcess(CommandRunner.receiverPath, setup.arguments(listen: "0.0.0.0:0", tls))
            defer { child.signal(SIGKILL) }
            _ = try await waitForPort(setup.portFile, child: child)
            if clientCA {
                #expect(!child.stderr.contains("warning"), "\(child.stderr)")
            } else {
                #expect(child.stderr.contains("serving TLS on 0.0.0.0:0 without --client-ca, so no client certificate is asked for"), "\(child.stderr)")
                #expect(child.stderr.contains("no connection is tied to a device"), "\(child.stderr)")
            }
        }
    }

    @Test("a --tls-key others can read is refused; the data directory is created 0700")
    func keyAndDataModes() async throws {
        let pki = try await TestPKI()
        let setup = try Setup()
        chmod(pki.serverKey, 0o644)
        let refused = try await CommandRunner.run(CommandRunner.receiverPath, setup.arguments(listen: "127.0.0.1:0", ["--tls-cert", pki.serverCert, "--tls-key", pki.serverKey]))
        #expect(refused.status == 2 && refused.stderr.contains("--tls-key \(pki.serverKey) is readable by group or others"), "\(refused.stderr)")
        chmod(pki.serverKey, 0o600)
        let child = try ChildProcess(CommandRunner.receiverPath, setup.arguments(listen: "127.0.0.1:0", ["--tls-cert", pki.serverCert, "--tls-key", pki.serverKey]))
        defer { child.signal(SIGKILL) }
        _ = try await waitForPort(setup.portFile, child: child)
        let mode = try FileManager.default.attributesOfItem(atPath: setup.directory.file("data"))[.posixPermissions] as? Int
        #expect(mode == 0o700)
    }

    @Test("serve without --receipt-key, or with one others can read, exits 2")
    func receiptKeyRequired() async throws {
        let setup = try Setup()
        let withoutKey = setup.arguments(listen: "127.0.0.1:0").filter { $0 != "--receipt-key" && $0 != setup.directory.file("central.key") }
        let missing = try await CommandRunner.run(CommandRunner.receiverPath, withoutKey)
        #expect(missing.status == 2 && missing.stderr.contains("--receipt-key"), "\(missing.stderr)")
        chmod(setup.directory.file("central.key"), 0o644)
        let exposed = try await CommandRunner.run(CommandRunner.receiverPath, setup.arguments(listen: "127.0.0.1:0"))
        #expect(exposed.status == 2 && exposed.stderr.contains("--receipt-key \(setup.directory.file("central.key"))"), "\(exposed.stderr)")
        #expect(!FileManager.default.fileExists(atPath: setup.portFile), "it never listened")
    }

    @Test("plain HTTP on loopback stays quiet, as tests and the demo run it", arguments: ["127.0.0.1:0", "localhost:0"])
    func loopbackQuiet(listen: String) async throws {
        let setup = try Setup()
        let child = try ChildProcess(CommandRunner.receiverPath, setup.arguments(listen: listen))
        defer { child.signal(SIGKILL) }
        _ = try await waitForPort(setup.portFile, child: child)
        #expect(!child.stderr.contains("warning"), "\(child.stderr)")
    }

    @Test("one public key registered for two devices is refused, naming both devices and both lines")
    func sharedKeyRefused() async throws {
        let setup = try Setup()
        let lines = [registryLine(device: "HN1119-C03"), "# a second lane, copied from the first by mistake",
                     registryLine(device: "HN1119-C04", key: TestKeys.other), registryLine(device: "HN1119-C05")]
        try (lines.joined(separator: "\n") + "\n").write(toFile: setup.registry, atomically: true, encoding: .utf8)
        do {
            _ = try DeviceRegistry.load(path: setup.registry)
            Issue.record("loaded a registry that gives one key to two devices")
        } catch {
            #expect(error.code == "CR-REGISTRY-001")
            #expect(error.message.hasPrefix("\(setup.registry):4: device HN1119-C05 has the public key of device HN1119-C03 (line 1, key id \(TestKeys.device.keyID))"),
                    "\(error)")
        }
        let served = try await CommandRunner.run(CommandRunner.receiverPath, setup.arguments(listen: "127.0.0.1:0"))
        #expect(served.status == 2)
        #expect(served.stderr.contains("HN1119-C05") && served.stderr.contains("HN1119-C03") && served.stderr.contains("\(setup.registry):4"), "\(served.stderr)")

        // Each device its own key: loads.
        try ([registryLine(device: "HN1119-C03"), registryLine(device: "HN1119-C04", key: TestKeys.other)].joined(separator: "\n") + "\n")
            .write(toFile: setup.registry, atomically: true, encoding: .utf8)
        #expect(try DeviceRegistry.load(path: setup.registry).count == 2)
    }
}
