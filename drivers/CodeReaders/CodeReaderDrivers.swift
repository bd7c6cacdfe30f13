import DeviceKit
import LaneModel

/// Every driver of this family, by configuration name, and the sessions and event drivers the
/// agent runs them with. Adding one is a folder with its decoder and simulator, and a line here.
/// A simulator is the type its tests, the demo and `diag simulate` build the device's side with.
public enum CodeReaderDrivers {
    /// `grab`: a USB HID reader's input device is taken for LaneAgent alone, so scans never type into a console.
    public static let grab = DriverOption("grab", .boolean)

    public static let all: [DriverDescription] = [
        DriverDescription(
            name: "serial-code", kinds: ["code-reader"], transport: .serial,
            protocolName: "QR/barcode reader, USB CDC-ACM or RS-232, one code per line (CR, LF or CRLF)",
            folder: "CodeReaders/SerialCode", usbIdentities: CodeReaderUSBIdentities.serial,
            verification: DriverVerification(.assumption, unverified: "line endings and character set are scanners' usual defaults; no scanner's output is captured"),
            readingSession: { device, _ in serialCodeSession(device: device) },
            simulator: DriverSimulator(.pseudoTerminal, command: DriverSimulator.Command("code")) { CodeReaderSimulator.self }),
        DriverDescription(
            name: "hid-code", kinds: ["code-reader"], transport: .evdev,
            protocolName: "QR/barcode reader, USB HID keyboard mode (evdev, US layout, one code per Enter)",
            options: [grab], folder: "CodeReaders/HIDCode", usbIdentities: CodeReaderUSBIdentities.keyboard,
            verification: DriverVerification(.thirdParty,
                                             unverified: """
                                                 three published key-event listings (Datalogic Alt codes, Honeywell Ctrl+Shift+J, \
                                                 a libinput record) decode; suffixes other than Enter and several keys in one \
                                                 report are not seen in a capture
                                                 """),
            readingSession: { device, _ in hidCodeSession(device: device) },
            simulator: DriverSimulator(.inputEvents) { KeystrokeEncoder.self }),
        DriverDescription(
            name: "serial-mrz", kinds: ["document-reader"], transport: .serial,
            protocolName: "ICAO 9303 MRZ lines over serial (TD1 3 × 30, TD3 2 × 44)",
            options: [.utcOffsetMinutes], folder: "CodeReaders/SerialMRZ",
            verification: DriverVerification(.thirdParty,
                                             unverified: """
                                                 the zones are proven on ICAO specimens and library vectors; how each reader \
                                                 frames its lines (prefixes, STX/ETX) is our assumption
                                                 """),
            readingSession: { device, options in serialMRZSession(device: device, utcOffsetMinutes: options.integer(.utcOffsetMinutes) ?? 420) },
            simulator: DriverSimulator(.pseudoTerminal) { MRZReaderSimulator.self }),
        DriverDescription(
            name: "generic-container-json", kinds: ["container-ocr"], transport: .http,
            protocolName: "container OCR camera, JSON push (ISO 6346 codes, check digit verified)",
            folder: "CodeReaders/GenericContainerJSON",
            verification: DriverVerification(.ownFormat, unverified: "the JSON is LaneAgent's own contract; the ISO 6346 check digit rule is the standard's"),
            eventDriver: { _ in GenericContainerJSONDriver() },
            simulator: DriverSimulator(.http, command: DriverSimulator.Command("container")) { ContainerEventBuilder.self }),
    ]

    /// The driver called `name`, or nil.
    public static func named(_ name: String) -> DriverDescription? { all.first { $0.name == name } }

    /// The names, for "expected one of" messages.
    public static var names: [String] { all.map(\.name) }

    /// The factory line settings of the serial drivers: 9600 8N1, what scanners and document
    /// readers ship with (a CDC-ACM reader ignores them; a real RS-232 line needs them).
    public static let defaultSerialSettings = SerialSettings(baud: 9600, dataBits: 8, parity: .none, stopBits: 1)

    /// A session turning one serial connection's bytes into readings of `device`, for the
    /// serial readers (`serial-code`, `serial-mrz`); nil for other names. `utcOffsetMinutes` is
    /// the lane's time zone, for an MRZ's dates (Vietnam 420, China 480).
    public static func serialSession(named name: String, device: String, utcOffsetMinutes: Int = 420) -> ReadingSession? {
        guard let driver = named(name), driver.transport == .serial else { return nil }
        var options = DriverOptionValues()
        options[.utcOffsetMinutes] = .integer(Int64(utcOffsetMinutes))
        return driver.readingSession(device: device, options: options)
    }

    /// `serial-code`: each line a `.code` reading with transport `serial`.
    public static func serialCodeSession(device: String) -> ReadingSession {
        ReadingSession(device: device, decoder: SerialCodeDecoder()) { text, _ in .code(CodeRead(text: text, transport: "serial")) }
    }

    /// `serial-mrz`: each document a `.document` reading, dated in the lane's time zone.
    public static func serialMRZSession(device: String, utcOffsetMinutes: Int) -> ReadingSession {
        ReadingSession(device: device, decoder: MRZDecoder()) { document, time in
            .document(document.read(at: time, utcOffsetMinutes: utcOffsetMinutes))
        }
    }

    /// `hid-code`: each code typed and ended by Enter a `.code` reading with transport `hid`.
    public static func hidCodeSession(device: String, eventSize: Int = InputEvent.nativeSize) -> ReadingSession {
        ReadingSession(device: device, decoder: EvdevKeyDecoder(eventSize: eventSize)) { text, _ in
            .code(CodeRead(text: text, transport: "hid"))
        }
    }

    /// `hid-code`'s transport: the input device at `path`, grabbed unless `grab` is false,
    /// reopened with backoff while `run()` runs.
    public static func hidDevice(id: String, path: String, grab: Bool = true, backoff: ReconnectBackoff? = ReconnectBackoff(),
                                 bufferingNewest: Int? = nil) -> EvdevDevice<ReadingSession> {
        // The session the `hid-code` description registers, so what the daemon runs is what the catalogue says.
        EvdevDevice(id: id, path: path, grab: grab, backoff: backoff, bufferingNewest: bufferingNewest) {
            named("hid-code")?.readingSession(device: id) ?? hidCodeSession(device: id)
        }
    }

    /// The network driver called `name` (`generic-container-json`), or nil.
    public static func eventDriver(named name: String) -> (any EventDriver)? { named(name)?.eventDriver() }
}
