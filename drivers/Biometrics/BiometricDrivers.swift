import DeviceKit

/// Every face and fingerprint terminal driver, by configuration name. Adding one is a folder
/// with its decoder and simulator, and a line here.
public enum BiometricDrivers {
    public static let all: [DriverDescription] = [
        DriverDescription(
            name: "hikvision-access", kinds: ["face-terminal", "fingerprint-terminal"], transport: .http,
            protocolName: "Hikvision ISAPI access-control event push (AccessControllerEvent, JSON or multipart)",
            optionKeys: terminalKeys, folder: "Biometrics/HikvisionAccess",
            verification: DriverVerification(.thirdParty,
                                             unverified: """
                                                 published terminal events are field sets, not byte captures; combined and \
                                                 liveness sub-events come from the SDK table only
                                                 """),
            eventDriver: { HikvisionAccessDriver(terminal: $0.terminal) }),
        DriverDescription(
            name: "zkteco-push", kinds: ["fingerprint-terminal", "face-terminal"], transport: .http,
            protocolName: "ZKTeco push protocol (iclock / ADMS): attendance ATTLOG and access-control rtlog, .aspx paths too",
            optionKeys: ["serial", "utc_offset_minutes"] + terminalKeys, folder: "Biometrics/ZKTecoPush",
            verification: DriverVerification(.thirdParty,
                                             unverified: """
                                                 which access events pass or fail is our reading of the vendor's descriptions; no \
                                                 real terminal is seen taking our registration reply
                                                 """),
            fixedRoutes: FixedRoutes(paths: ZKTecoPushDriver.paths.flatMap { [$0, $0 + ".aspx"] }, serialQueryKeys: ZKTecoPushDriver.serialQueryKeys),
            eventDriver: { ZKTecoPushDriver(utcOffsetMinutes: $0.utcOffsetMinutes, terminal: $0.terminal) }),
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
    public static let terminalKeys = ["match_threshold", "liveness_check"]
}
