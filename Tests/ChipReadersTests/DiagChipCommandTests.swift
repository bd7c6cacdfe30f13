import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// `laneagent diag chip`, the technician's check of a reader and a passport, against vicc's
/// passport through the same pcscd (the child inherits `PCSCLITE_CSOCK_NAME`). In the device
/// suite so the two never share the virtual reader at once.
extension VirtualReaderTests.ChipReaderDeviceTests {
    @Test("diag chip reads the passport on the reader, prints each step, and exits 0 only when passive authentication passed")
    func diagChip() async throws {
        let port = try await VirtualReader.shared.start()
        let passport = try await VirtualPassport.build()
        let folder = TemporaryDirectory("diag-chip")
        try Data(try passport.csca).write(to: URL(fileURLWithPath: folder.file("csca.der")))
        let vicc = try passport.insert(port: port)
        defer { vicc.signal(SIGKILL) }
        try await VirtualReaderTests.PCSCReaderTests.waitForCard()
        let mrz = VirtualPassport.mrz.joined(separator: "|")

        let proved = try await CommandRunner.laneagent(["diag", "chip", "--reader", "PCD", "--mrz", mrz, "--trust", folder.file("csca.der"), "--wait", "20"])
        #expect(proved.status == 0, "\(proved.stdout)\n\(proved.stderr)")
        #expect(proved.stdout.contains("passive authentication: passed"), "\(proved.stdout)")
        #expect(proved.stdout.contains("read: yes, over BAC"), "\(proved.stdout)")
        #expect(!proved.stdout.contains("ERIKSSON"), "the holder's name is never printed")

        let untrusted = try await CommandRunner.laneagent(["diag", "chip", "--reader", "PCD", "--mrz", mrz, "--json", "--wait", "20"])
        #expect(untrusted.status == 1, "no CSCA: read, not proved: \(untrusted.stdout)\n\(untrusted.stderr)")
        let report = try JSONParser.parse(Array(untrusted.stdout.utf8))
        #expect(report["reading"]?["read"] == .bool(true))
        #expect(report["reading"]?["passiveAuthentication"]?["outcome"] == .string("not_checked"))
        #expect(report["trustedCSCAs"] == .number(0))

        let usage = try await CommandRunner.laneagent(["diag", "chip", "--reader", "PCD"])
        #expect(usage.status == 2 && usage.stderr.contains("--mrz"), "\(usage.stderr)")
        let noReader = try await CommandRunner.laneagent(["diag", "chip", "--reader", "no such reader", "--mrz", mrz])
        #expect(noReader.status == 2 && noReader.stderr.contains("PCD"), "the readers there are are named: \(noReader.stderr)")
    }
}
