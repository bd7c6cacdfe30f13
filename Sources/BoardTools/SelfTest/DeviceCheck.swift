import Agent
import CodeReaders
import DeviceKit
import Foundation
import LaneModel
import Scales

/// The `device` lines: each configured device's port is there and, unless the running agent
/// holds it, a valid frame arrives within the timeout.
public enum DeviceCheck {
    /// Checks one device. `agentRunning`: `laneagent run` holds the journal, so it also holds
    /// the device ports; a second reader on a serial line would take bytes the agent needs
    /// (each byte goes to one reader), so only the port's presence is checked.
    public static func check(_ device: DeviceSettings, seconds: Double, agentRunning: Bool) async -> SelfTestCheck {
        switch device.transport {
        case .serial, .evdev:
            guard FileManager.default.fileExists(atPath: device.port) else {
                return fail(device, "\(device.port) does not exist",
                            remedy: "check the cable and that the adapter is plugged in (ls -l /dev/serial/by-id/)"
                                + (device.usb != nil ? "; the udev rule links it there (laneagent udev-rules --config FILE)" : ""))
            }
            if agentRunning {
                return SelfTestCheck("device", device.id, .warn,
                                     "\(device.port) is present; not read, because laneagent run is reading it " +
                                         "and a second reader would take its bytes",
                                     remedy: "see its readings and faults in `laneagent lane status` and the journal's device.* records, or stop the agent and run the self-test again")
            }
            if device.transport == .evdev { return inputDevice(device) }
            if device.kind == .scale, let driver = ScaleDrivers.named(device.driver) { return await scale(device, driver: driver, seconds: seconds) }
            return await codeReader(device, seconds: seconds)
        case .folder:
            return folder(device)
        case .pcsc:
            return SelfTestCheck("device", device.id, .warn, "chip readers are not read by the self-test",
                                 remedy: "laneagent diag chip --reader NAME reads a passport and says what it proved")
        case .http:
            return SelfTestCheck("device", device.id, .ok,
                                 """
                                     \(device.driver) pushes its events to the gateway (\(device.location)); nothing to read from here, its \
                                     next event is recorded as it comes
                                     """)
        }
    }

    private static func fail(_ device: DeviceSettings, _ detail: String, remedy: String? = nil) -> SelfTestCheck {
        SelfTestCheck("device", device.id, .fail, detail, remedy: remedy)
    }

    /// A weighbridge indicator: the first valid frame, or `diag scale`'s diagnosis of why none came.
    static func scale(_ device: DeviceSettings, driver: ScaleDriver, seconds: Double) async -> SelfTestCheck {
        let serial = SerialDevice(id: device.id, path: device.port, settings: device.serial, backoff: nil) {
            driver.session(device: device.id, options: device.scale)
        }
        let result = await SerialProbe.first(serial, seconds: seconds)
        switch result.ending {
        case .reading(let reading, let after):
            let weight = reading.weightKg.map { SelfTestCheck.grouped(Int($0.rounded())) + " kg" } ?? reading.status.rawValue
            return SelfTestCheck("device", device.id, .ok,
                                 "\(driver.name) on \(device.port) at \(device.serial): \(weight) \(reading.stable ? "stable" : "moving"), first valid frame after \(String(format: "%.1f", after)) s")
        case .openFailed(let error), .lost(let error):
            return fail(device, error.description)
        case .timedOut:
            var diagnosis = ScaleDiagnosis(driver: driver, options: device.scale, port: device.port, settings: device.serial, seconds: seconds)
            for error in result.frameErrors { diagnosis.record(error) }
            diagnosis.bytesReceived = result.bytesReceived
            return fail(device, diagnosis.explanation(wanted: "none"))
        }
    }

    /// A serial code or document reader: it sends only when something is scanned, so silence
    /// is normal; bytes that are no valid frame are not.
    static func codeReader(_ device: DeviceSettings, seconds: Double) async -> SelfTestCheck {
        guard let driver = DriverCatalogue.named(device.driver), driver.transport == .serial, driver.hasReadingSession else {
            return fail(device, "no serial driver named \(device.driver)")
        }
        let serial = SerialDevice(id: device.id, path: device.port, settings: device.serial, backoff: nil) {
            driver.readingSession(device: device.id, options: device.options)!
        }
        let result = await SerialProbe.first(serial, seconds: seconds)
        let duration = String(format: "%g s", seconds)
        switch result.ending {
        case .reading(_, let after):
            return SelfTestCheck("device", device.id, .ok, "\(device.driver) on \(device.port) at \(device.serial): a valid scan after \(String(format: "%.1f", after)) s")
        case .openFailed(let error), .lost(let error):
            return fail(device, error.description)
        case .timedOut where result.bytesReceived == 0:
            return SelfTestCheck("device", device.id, .ok,
                                 "\(device.port) opens at \(device.serial); no scan in \(duration), which is normal for a reader nobody is using (scan a code during the self-test, or use `laneagent diag code --port \(device.port)`, to see one)")
        case .timedOut:
            let sample = result.frameErrors.first.map { ": \($0)" } ?? ""
            return fail(device, "received \(result.bytesReceived) bytes from \(device.port) in \(duration) but no valid \(device.driver) frame\(sample)",
                        remedy: "check the baud rate and parity (now \(device.serial)) and the reader's output mode")
        }
    }

    /// A USB HID reader: the input device can be opened (it is not grabbed, and no key is waited for).
    static func inputDevice(_ device: DeviceSettings) -> SelfTestCheck {
        let descriptor = open(device.port, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            return fail(device, "\(device.port) cannot be opened: \(reason)", remedy: "run as root or add the agent's user to the input group")
        }
        close(descriptor)
        return SelfTestCheck("device", device.id, .ok, "\(device.port) opens; a reader sends only when a code is scanned (`laneagent diag code --evdev \(device.port)` shows one)")
    }

    /// A scanner's drop folder: present, a folder, and writable (files are moved out of it).
    static func folder(_ device: DeviceSettings) -> SelfTestCheck {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: device.port, isDirectory: &isFolder), isFolder.boolValue else {
            return fail(device, "drop folder \(device.port) does not exist", remedy: "create it or mount the scanner's share there")
        }
        guard access(device.port, W_OK) == 0 else {
            return fail(device, "drop folder \(device.port) is not writable", remedy: "give the agent's user write access: processed files are moved out of it")
        }
        let waiting = (try? FileManager.default.contentsOfDirectory(atPath: device.port).count) ?? 0
        return SelfTestCheck("device", device.id, .ok, "drop folder \(device.port) is writable, \(waiting) entries waiting")
    }
}
