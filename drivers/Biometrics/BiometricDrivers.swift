import DeviceKit
import LaneModel

/// Every face and fingerprint terminal driver, by configuration name. Adding one is a folder
/// with its decoder and simulator, and a line here.
public enum BiometricDrivers {
    public static let all: [DriverDescription] = [
        DriverDescription(
            name: "hikvision-access", kinds: ["face-terminal", "fingerprint-terminal"], transport: .http,
            protocolName: "Hikvision ISAPI access-control event push (AccessControllerEvent, JSON or multipart)",
            options: terminalOptions, folder: "Biometrics/HikvisionAccess",
            verification: DriverVerification(.thirdParty,
                                             unverified: """
                                                 published terminal events are field sets, not byte captures; combined and \
                                                 liveness sub-events come from the SDK table only
                                                 """),
            eventDriver: { HikvisionAccessDriver(terminal: $0.terminal) },
            simulator: DriverSimulator(.http, command: DriverSimulator.Command("face")) { HikvisionAccessSimulator.self }),
        DriverDescription(
            name: "zkteco-push", kinds: ["fingerprint-terminal", "face-terminal"], transport: .http,
            protocolName: "ZKTeco push protocol (iclock / ADMS): attendance ATTLOG and access-control rtlog, .aspx paths too",
            options: [serial, .utcOffsetMinutes] + terminalOptions, folder: "Biometrics/ZKTecoPush",
            verification: DriverVerification(.thirdParty,
                                             unverified: """
                                                 which access events pass or fail is our reading of the vendor's descriptions; no \
                                                 real terminal is seen taking our registration reply
                                                 """),
            fixedRoutes: FixedRoutes(paths: ZKTecoPushDriver.paths.flatMap { [$0, $0 + ".aspx"] }, serialQueryKeys: ZKTecoPushDriver.serialQueryKeys),
            eventDriver: { ZKTecoPushDriver(utcOffsetMinutes: $0.utcOffsetMinutes, terminal: $0.terminal) },
            simulator: DriverSimulator(.http, command: DriverSimulator.Command("zkteco")) { ZKTecoPushSimulator.self }),
    ]

    /// The driver called `name`, or nil.
    public static func named(_ name: String) -> DriverDescription? { all.first { $0.name == name } }

    /// The names, for "expected one of" messages.
    public static var names: [String] { all.map(\.name) }

    /// The decoder for the driver called `name`, configured with `options`; nil for unknown names.
    public static func eventDriver(named name: String, options: EventDriverOptions = EventDriverOptions()) -> (any EventDriver)? {
        named(name)?.eventDriver(options)
    }

    /// The `[[devices]]` keys every biometric driver reads.
    /// `match_threshold`: the terminal's own match threshold, recorded with each of its readings.
    public static let matchThreshold = DriverOption("match_threshold", .number(0...1000, unit: "(the terminal's own threshold, as its menu shows it)"))
    /// `liveness_check`: the terminal's anti-spoofing check is on.
    public static let livenessCheck = DriverOption("liveness_check", .boolean)
    static let terminalOptions = [matchThreshold, livenessCheck]
    /// `serial`: the serial number (`SN`) a ZKTeco terminal identifies itself with.
    public static let serial = DriverOption(
        "serial",
        .string(expected: "the terminal's serial number, as it sends it in SN=", required: true, check: {
            $0.isEmpty || $0.utf8.count > 64 || !$0.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
                ? "is not a serial number" : nil
        }))
}

extension TerminalSettings {
    /// How the terminal is declared set up in the device's checked options (`match_threshold`, `liveness_check`).
    public init(_ values: DriverOptionValues) {
        self.init(matchThreshold: values.number(BiometricDrivers.matchThreshold), livenessCheck: values.boolean(BiometricDrivers.livenessCheck) ?? false)
    }
}
