import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// `laneagent diag usb`, as a technician runs it. Build machines and CI have no USB in the
/// kernel: there the command must exit 1 with LA-USB-001 and a clear message, never crash
/// and never print an empty list. On a machine with USB the same tests accept a listing.
@Suite("USB diagnostics from the command line", .timeLimit(.minutes(1)))
struct DiagUSBCommandTests {
    /// True when this kernel has USB (the check `diag usb` itself makes).
    static var kernelHasUSB: Bool { FileManager.default.fileExists(atPath: "/sys/bus/usb/devices") }

    /// The message for a kernel without USB: code, what failed, what to do; nothing on stdout.
    static func expectNoUSB(_ output: CommandRunner.Output) {
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.isEmpty, "no list, not even an empty one")
        #expect(output.stderr.contains("LA-USB-001"))
        #expect(output.stderr.contains("no USB on this machine"))
        #expect(output.stderr.contains("/sys/bus/usb/devices"))
        #expect(output.stderr.contains("run this on the lane board"))
        #expect(!output.stderr.contains("Fatal error"))
    }

    @Test("--json: exit 1 with LA-USB-001 where the kernel has no USB; elsewhere a JSON array of devices")
    func json() async throws {
        let output = try await CLI.run("diag", "usb", "--json")
        guard Self.kernelHasUSB else { return Self.expectNoUSB(output) }
        if output.status != 0 {
            // USB in the kernel, but libusb could not start or list (a container without /dev/bus/usb).
            #expect(output.status == 1 && output.stderr.contains("LA-USB-"), "\(output.stderr)")
            return
        }
        guard case .array(let devices) = try JSONParser.parse(Array(output.stdout.utf8)) else {
            Issue.record("not a JSON array: \(output.stdout)")
            return
        }
        for device in devices {
            #expect(Set(device.objectValue.map { Array($0.keys) } ?? []) ==
                    ["bus", "path", "vendorId", "productId", "manufacturer", "product", "serial", "claimedBy", "note"])
            #expect(device["vendorId"]?.stringValue?.count == 4 && device["productId"]?.stringValue?.count == 4)
        }
    }

    @Test("the table: exit 1 with LA-USB-001 where the kernel has no USB; elsewhere a header and a line per device")
    func table() async throws {
        let output = try await CLI.run("diag", "usb")
        guard Self.kernelHasUSB else { return Self.expectNoUSB(output) }
        if output.status != 0 {
            #expect(output.status == 1 && output.stderr.contains("LA-USB-"), "\(output.stderr)")
            return
        }
        if let header = output.stdout.split(separator: "\n").first {
            #expect(header.hasPrefix("BUS PATH") && header.contains("VID:PID") && header.contains("DRIVER"))
        }
    }

    @Test("--watch: exit 1 with LA-USB-001 where the kernel has no USB; elsewhere it watches until Ctrl-C and exits 0")
    func watch() async throws {
        guard Self.kernelHasUSB else {
            return Self.expectNoUSB(try await CLI.run("diag", "usb", "--watch"))
        }
        let child = try ChildProcess(CommandRunner.laneagentPath, ["diag", "usb", "--watch", "--json"])
        let deadline = ContinuousClock.now + .seconds(10)
        while !child.stderr.contains("watching USB") && !child.stderr.contains("LA-USB-") && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        if child.stderr.contains("LA-USB-") {
            // No hotplug here (LA-USB-004) or libusb could not start: said clearly, exit 1.
            #expect(await child.wait() == 1)
            return
        }
        #expect(child.stderr.contains("watching USB"))
        child.signal(SIGINT)
        #expect(await child.wait() == 0, "\(child.stderr)")
        for line in child.stdout.split(separator: "\n") {
            let event = try JSONParser.parse(Array(line.utf8))
            #expect(event["event"] == .string("arrived"))
        }
    }
}
