import DeviceKit
import DocumentSecurity
import EPassport
import LaneModel

/// Every driver of this family, by configuration name, and the one call that makes a configured
/// chip reader. Adding one is a folder and a line here.
public enum ChipReaderDrivers {
    /// `transport`: `pcsc` (a reader through pcscd, the default) or `simulated` (cards from EPassport's
    /// simulated passport, handed to `ChipReaderDevice.present`: demos, no pcscd).
    public static let transport = DriverOption(
        "transport", .string(expected: "pcsc or simulated", required: false, check: { ["pcsc", "simulated"].contains($0) ? nil : "is neither pcsc nor simulated" }))
    /// `reader`: a part of the reader's name as `pcsc_scan` lists it (letter case ignored); absent, pcscd's first reader.
    public static let reader = DriverOption(
        "reader", .string(expected: "a part of the reader's name as pcsc_scan lists it", required: false,
                          check: { $0.isEmpty || $0.utf8.count > 128 ? "must be 1 to 128 bytes" : nil }))
    /// `mrz`: one document's MRZ opening every chip, for a fixed test setup (lines separated by spaces or `|`).
    public static let mrz = DriverOption(
        "mrz", .string(expected: "the MRZ's lines separated by spaces or |", required: false,
                       check: { AccessKey.mrz(lines: mrzLines($0)) == nil ? "is not a TD1 or TD3 MRZ (3 lines of 30, or 2 of 44)" : nil }))
    /// `can`: one document's card access number opening every chip (PACE), for a fixed test setup.
    public static let can = DriverOption(
        "can", .string(expected: "the card access number (digits)", required: false, check: { AccessKey.can($0) == nil ? "is not 1 to 12 digits" : nil }))
    /// `key_wait_ms`: how long a card waits for the lane's MRZ before it is reported unread.
    public static let keyWait = DriverOption("key_wait_ms", .integer(0...60_000, unit: "ms"))

    public static let all: [DriverDescription] = [
        DriverDescription(
            name: "pcsc-passport", kinds: ["chip-reader"], transport: .pcsc,
            protocolName: "ICAO 9303 eMRTD chip over PC/SC (ISO 14443 reader, pcscd): PACE or BAC, secure messaging, passive authentication, chip or active authentication",
            options: [transport, reader, mrz, can, keyWait, .utcOffsetMinutes], folder: "ChipReaders/PCSCPassport",
            verification: DriverVerification(
                .thirdParty, unverified: "read through a real pcscd from vsmartcard's vicc passport emulator only; no physical reader or passport"),
            simulator: DriverSimulator(.simulatedCards) { simulatedOptions }),
    ]

    /// The options that make a `pcsc-passport` device simulated: `transport = "simulated"`, cards
    /// (EPassport's `SimulatedPassport`) handed to its `ChipReaderDevice.present`.
    public static let simulatedOptions: DriverOptionValues = {
        var options = DriverOptionValues()
        options[transport] = .string("simulated")
        return options
    }()

    /// The driver called `name`, or nil.
    public static func named(_ name: String) -> DriverDescription? { all.first { $0.name == name } }

    /// The names, for "expected one of" messages.
    public static var names: [String] { all.map(\.name) }

    /// The chip reader for a configured `[[devices]]` entry of driver `pcsc-passport` with its
    /// checked `options`: run it (`run()`), consume its `events` like any reader's, offer it the
    /// MRZ the lane's optical reader reads (`offer`), and hand it the reference data's CSCAs (`trust`).
    public static func device(id: String, options: DriverOptionValues, trust: CSCATrustList = .empty,
                              backoff: ReconnectBackoff? = ReconnectBackoff(), bufferingNewest: Int? = 1024) -> ChipReaderDevice {
        let source: ChipReaderDevice.Source = options.string(transport) == "simulated" ? .simulated : .pcsc(reader: options.string(reader))
        let key = options.string(mrz).flatMap { AccessKey.mrz(lines: mrzLines($0)) } ?? options.string(can).flatMap(AccessKey.can)
        return ChipReaderDevice(id: id, source: source, key: key, keyWait: .milliseconds(options.integer(keyWait) ?? 5000), trust: trust,
                                utcOffsetMinutes: options.integer(.utcOffsetMinutes) ?? 420, backoff: backoff, bufferingNewest: bufferingNewest)
    }

    /// An MRZ written on one line: split at spaces, `|` or line ends, or cut into lines of 44 (TD3)
    /// or 30 (TD1) when written without breaks.
    public static func mrzLines(_ text: String) -> [String] {
        let parts = text.split { $0 == " " || $0 == "|" || $0 == "\n" || $0 == "\r" || $0 == "\t" }.map(String.init)
        guard parts.count == 1, let whole = parts.first else { return parts }
        let width = whole.count == 88 ? 44 : whole.count == 90 ? 30 : whole.count
        guard width > 0 else { return [] }
        return stride(from: 0, to: whole.count, by: width).map { start in
            let from = whole.index(whole.startIndex, offsetBy: start)
            return String(whole[from..<whole.index(from, offsetBy: min(width, whole.count - start))])
        }
    }
}
