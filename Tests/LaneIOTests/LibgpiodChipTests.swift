import Foundation
import LaneAgentTesting
import LaneIO
import Testing

/// The real chip through libgpiod. Build machines and CI have no GPIO: there opening must fail
/// with LA-GPIO-001 and say what to check. On a board with /dev/gpiochip0 these tests are skipped.
@Suite("GPIO through libgpiod on a machine without GPIO", .timeLimit(.minutes(1)),
       .enabled(if: !FileManager.default.fileExists(atPath: "/dev/gpiochip0"), "this machine has /dev/gpiochip0"))
struct LibgpiodChipTests {
    @Test("opening a chip by name or path fails with LA-GPIO-001 saying there are no GPIO character devices",
          arguments: ["gpiochip0", "/dev/gpiochip0"])
    func noChip(_ name: String) {
        do {
            _ = try GPIOChips.open(name)
            Issue.record("opened \(name) on a machine without GPIO")
        } catch {
            #expect(error.code == "LA-GPIO-001")
            guard case .noChip(let chip, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(chip == name)
            if GPIOChips.available().isEmpty {
                #expect(error.description.contains("no GPIO character devices (no /dev/gpiochip*)"))
                #expect(error.description.contains("run this on the lane board"))
                #expect(error.description.contains("CONFIG_GPIO_CDEV"))
            }
        }
    }

    @Test("available() lists gpiochip devices in number order")
    func available() throws {
        let directory = TemporaryDirectory("gpio")
        for name in ["gpiochip10", "gpiochip2", "ttyS0", "gpiochip0"] {
            _ = FileManager.default.createFile(atPath: directory.path + "/" + name, contents: nil)
        }
        #expect(GPIOChips.available(in: directory.path) == ["gpiochip0", "gpiochip2", "gpiochip10"])
    }
}

/// `laneagent diag gpio` as a technician runs it on a machine without GPIO.
@Suite("GPIO diagnostics from the command line", .timeLimit(.minutes(1)))
struct DiagGPIOCommandTests {
    static var machineHasGPIO: Bool { FileManager.default.fileExists(atPath: "/dev/gpiochip0") }

    @Test("every form exits 1 with LA-GPIO-001 and says what to check",
          arguments: [["--list"], ["--list", "--json"], ["--watch", "LOOP_IN", "--timeout", "1"], ["--set", "BARRIER=1", "--hold", "0"]])
    func noGPIO(_ form: [String]) async throws {
        guard !Self.machineHasGPIO else { return }
        let output = try await CommandRunner.laneagent(["diag", "gpio", "--chip", "gpiochip0"] + form)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("LA-GPIO-001"))
        #expect(output.stderr.contains("gpiochip0"))
        #expect(output.stderr.contains("/dev/gpiochip"))
        #expect(!output.stderr.contains("Fatal error"))
    }

    @Test("anything but exactly one of --list, --watch and --set is a usage error (exit 2)",
          arguments: [[], ["--list", "--watch", "LOOP_IN"], ["--set", "BARRIER=2"], ["--set", "=1"], ["--list", "--count", "3"],
                      ["--list", "--hold", "5"]])
    func usage(_ form: [String]) async throws {
        let output = try await CommandRunner.laneagent(["diag", "gpio", "--chip", "gpiochip0"] + form)
        #expect(output.status == 2, "\(form): \(output.stderr)")
        #expect(!output.stderr.contains("LA-GPIO-001"), "usage is checked before the chip")
    }
}
