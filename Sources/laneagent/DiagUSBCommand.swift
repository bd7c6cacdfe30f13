import Agent
import ArgumentParser
import DeviceKit
import Foundation
import LaneModel
import Scales
import USB

extension LaneAgentCommand {
    /// `laneagent diag usb [--json] [--watch]`
    struct DiagUSB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "usb",
            abstract: "List USB devices and which LaneAgent driver claims each; with --watch, log plugging and unplugging.",
            discussion: """
                Each device is listed with its bus path (as under /sys/bus/usb/devices, such as 1-1.4), VID:PID, \
                manufacturer, product, serial number and the drivers that can read it (USB-serial bridges and CDC-ACM \
                devices: every serial driver; HID keyboards: hid-code; DigitalPersona readers: libfprint). Reading the \
                strings needs permission to open the device: without it the device is still listed, with "no permission". \
                An empty bus prints nothing and exits 0. Where the kernel has no USB (containers, build machines), exit 1 \
                (LA-USB-001). --watch prints the devices present, then one line per device plugged in or out, until \
                Ctrl-C; where libusb cannot report plugging, exit 1 (LA-USB-004).
                """)

        @Flag(help: """
            Print [{\"bus\",\"path\",\"vendorId\",\"productId\",\"manufacturer\",\"product\",\"serial\",\"claimedBy\",\"note\"}] as JSON; with --watch, one object per \
            line with \"time\" and \"event\" added.
            """)
        var json = false
        @Flag(help: "Log devices as they are plugged in and out, until Ctrl-C.") var watch = false

        func run() async throws {
            let bus = USBBus()
            let drivers = LaneAgentDrivers.usbClaims
            if watch {
                try await follow(bus, drivers: drivers)
                return
            }
            let rows = try bus.devices().map { USBDeviceRow($0, drivers: drivers) }
            if json {
                Console.json(.array(rows.map(\.json)))
            } else if !rows.isEmpty {
                for line in USBDeviceRow.table(rows) { print(line) }
            }
        }

        /// Prints plugging and unplugging until Ctrl-C, or until libusb fails.
        private func follow(_ bus: USBBus, drivers: [DriverDescription]) async throws {
            let events = try bus.hotplugEvents()
            let json = self.json
            _ = try await Interruption.run {
                // Said once Ctrl-C is handled, so a caller that waits for it may interrupt.
                Console.error("watching USB: the devices present, then each one plugged in or out (Ctrl-C stops)")
                for try await event in events {
                    let row = USBDeviceRow(event.device, drivers: drivers)
                    let time = Timestamp.now().rfc3339
                    if json {
                        guard case .object(var fields) = row.json else { continue }
                        fields["time"] = .string(time)
                        fields["event"] = .string(event.change.rawValue)
                        Console.writeUnbuffered(String(decoding: CanonicalJSON.encode(.object(fields)), as: UTF8.self))
                    } else {
                        Console.writeUnbuffered("\(time)  \(event.change.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  "
                                                + row.cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
                    }
                }
            }
        }
    }
}

/// One USB device as `diag usb` prints it.
struct USBDeviceRow {
    static let headers = ["BUS PATH", "VID:PID", "MANUFACTURER", "PRODUCT", "SERIAL", "DRIVER", "NOTE"]

    let device: USBDevice
    let match: USBMatch

    init(_ device: USBDevice, drivers: [DriverDescription]) {
        self.device = device
        self.match = USBClaims.match(device, drivers: drivers)
    }

    /// What the device is and why its strings are missing, if they are.
    var note: String? {
        let parts = [match.what, device.stringsNote].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The table's cells, `-` where nothing is known.
    var cells: [String] {
        [device.path, device.id, device.manufacturer ?? "-", device.product ?? "-", device.serial ?? "-",
         match.claimedBy.isEmpty ? "-" : match.claimedBy.joined(separator: ", "), note ?? ""]
    }

    var json: JSONValue {
        func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
        return [
            "bus": .number(Double(device.bus)), "path": .string(device.path),
            "vendorId": .string(String(device.id.prefix(4))), "productId": .string(String(device.id.suffix(4))),
            "manufacturer": text(device.manufacturer), "product": text(device.product), "serial": text(device.serial),
            "claimedBy": .array(match.claimedBy.map(JSONValue.string)), "note": text(note),
        ]
    }

    /// The header and one line per row, each column as wide as its widest cell.
    static func table(_ rows: [USBDeviceRow]) -> [String] {
        let lines = [headers] + rows.map(\.cells)
        let widths = headers.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { cells in
            cells.indices.map { column in
                column == cells.count - 1 ? cells[column] : cells[column].padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }.joined().trimmingCharacters(in: .whitespaces)
        }
    }
}

/// The driver tables `diag usb` matches devices against.
enum LaneAgentDrivers {
    /// Every driver of every family; USB-serial bridges and fingerprint readers come from the
    /// USB module's own tables.
    static var usbClaims: [DriverDescription] { DriverCatalogue.all }
}
