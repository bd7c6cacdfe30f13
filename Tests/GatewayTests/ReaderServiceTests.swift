import AgentTesting
import ContainerScanners
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// `laneagent run` with a serial code reader and a scanner's drop folder: what they read
/// becomes records, and processed result files move to done/.
@Suite("Readers and drop folders in the daemon", .timeLimit(.minutes(2)))
struct ReaderServiceTests {
    @Test("a serial QR reader's codes and a dropped scan result become reading records")
    func serialReaderAndFolder() async throws {
        let directory = TemporaryDirectory("readers")
        let link = directory.file("qr-1")
        let folder = directory.file("scans")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let agent = try TestAgent(extraConfig: """
            [[devices]]
            id = "qr-1"
            kind = "code-reader"
            driver = "serial-code"
            port = "\(link)"

            [[devices]]
            id = "xray-2"
            kind = "xray"
            driver = "scan-folder"
            folder = "\(folder)"
            poll_ms = 100
            """)
        let reader = try ChildProcess(CommandRunner.laneagentPath, ["diag", "simulate", "code", "--link", link, "--code", "VN-DECL-000123",
                                                                     "--interval-ms", "300"])
        defer { reader.signal(SIGTERM) }
        #expect(await reader.waitForOutput("simulating", seconds: 10))
        let daemon = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
        #expect(await daemon.waitForOutput("agent started"), "\(daemon.stderr)")
        let result = ScanResultSimulator.body(scanId: "DROP-1", verdict: .clear, containers: ["CSQU3054383"], image: .file("DROP-1.jpg"))
        try ScanFolderWriter.write(result: result, named: "DROP-1.json", image: ScanResultSimulator.syntheticImage(size: 4096),
                                   imageName: "DROP-1.jpg", into: folder)
        #expect(await daemon.waitForOutput("kind=code", seconds: 30), "\(daemon.stdout)")
        #expect(await daemon.waitForOutput("kind=scan", seconds: 30), "\(daemon.stdout)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait() == 0, "\(daemon.stderr)")

        let readings = try agent.records().filter { $0.kind.hasPrefix("reading.") }
        let code = try #require(readings.first { $0.kind == "reading.code" })
        #expect(code.body["text"] == "VN-DECL-000123" && code.body["transport"] == "serial" && code.body["device"] == "qr-1")
        let scan = try #require(readings.first { $0.kind == "reading.scan" })
        #expect(scan.body["scanId"] == "DROP-1" && scan.body["evidence"]?.arrayValue?.count == 1)
        #expect(FileManager.default.fileExists(atPath: folder + "/done/DROP-1.json"))
        #expect(FileManager.default.fileExists(atPath: folder + "/done/DROP-1.jpg"))
    }
}
