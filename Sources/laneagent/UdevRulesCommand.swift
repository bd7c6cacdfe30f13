import Agent
import ArgumentParser
import BoardTools
import Foundation
import USB

extension LaneAgentCommand {
    /// `laneagent udev-rules [--config FILE | --generic] [--output FILE]`
    struct UdevRules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "udev-rules",
            abstract: "Generate the udev rules that give LaneAgent its devices and stable /dev/laneagent/<device id> links.",
            discussion: """
                The rules give the laneagent group read and write access (mode 0660) to the GPIO chips, to the serial \
                ports of USB-serial bridges and serial-mode readers, to keyboard-mode readers' input devices and to USB \
                fingerprint readers, from the drivers' USB id tables (laneagent diag drivers, laneagent diag usb).

                With --config (default /etc/laneagent/agent.toml) they also link each [[devices]] entry that names its \
                USB device (usb_vendor and usb_product, plus usb_serial or usb_path to tell identical adapters apart) at \
                /dev/laneagent/<device id>, the port that entry must use. laneagent diag usb shows the ids, serial \
                numbers and port paths of what is plugged in. A device whose port is under /dev/laneagent/ but that \
                names no USB device gets a warning on standard error: no rule would make its link.

                With --generic, no configuration is read: the output is the packaged \
                /usr/lib/udev/rules.d/60-laneagent.rules (deploy/udev/60-laneagent.rules in the source tree).

                Install a board's rules where they replace the packaged file of the same name, and make udev apply them:
                  laneagent udev-rules --config /etc/laneagent/agent.toml --output /etc/udev/rules.d/60-laneagent.rules
                  udevadm control --reload && udevadm trigger
                Then ls -l /dev/laneagent/ shows one link per device. Generate them again after changing [[devices]].

                Exit status: 0 written; 2 the configuration is invalid (every problem with its line, as config check \
                prints them) or a device id or serial number cannot go into a rule (LA-UDEV-001, LA-UDEV-002).
                """)

        @Option(name: .long, help: ArgumentHelp("The agent's TOML configuration whose devices get links.", valueName: "FILE"))
        var config: String?

        @Flag(help: "Read no configuration: print the packaged rules (permissions from the id tables, no links).")
        var generic = false

        @Option(name: .long, help: ArgumentHelp("Write the rules to FILE (atomically) instead of standard output.", valueName: "FILE"))
        var output: String?

        func validate() throws {
            if generic && config != nil { throw ValidationError("--generic reads no configuration: give either --generic or --config, not both") }
        }

        func run() async throws {
            let ruleSet = UdevRuleSet(drivers: DriverCatalogue.all, serialBridges: USBSerialBridges.all,
                                      fingerprintReaders: USBFingerprintReaders.all)
            let site = generic ? nil : try AgentConfig.load(path: config ?? AgentConfig.defaultPath)
            let text = try ruleSet.render(site: site)
            if let site {
                for warning in UdevRuleSet.unlinkedPorts(in: site) { Console.error("warning: \(warning)") }
            }
            guard let output else {
                print(text, terminator: "")
                return
            }
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw CommandFailure.usage("cannot write \(output): \(error.localizedDescription); check the folder exists and you may write there (sudo for /etc/udev/rules.d)")
            }
            Console.error("wrote \(output); apply it with: udevadm control --reload && udevadm trigger")
        }
    }
}
