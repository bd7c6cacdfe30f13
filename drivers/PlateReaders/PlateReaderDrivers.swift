import DeviceKit

/// Every plate-camera driver, by configuration name: its description for `diag drivers`, its
/// decoder for the device gateway, and its simulator for `diag simulate anpr`.
public enum PlateReaderDrivers {
    /// The device kind these drivers serve.
    public static let kind = "plate-reader"

    /// What `laneagent diag simulate anpr --driver NAME` plays: the camera's requests.
    static func simulator(_ make: @escaping @Sendable () -> any PlateEventSimulator) -> DriverSimulator {
        DriverSimulator(.http, command: DriverSimulator.Command("anpr", takesDriver: true), make: make)
    }

    public static let all: [DriverDescription] = [
        DriverDescription(name: "hikvision-anpr", kinds: [kind], transport: .http,
                          protocolName: "Hikvision ISAPI ANPR push (multipart/form-data: EventNotificationAlert XML + JPEG pictures)",
                          folder: "PlateReaders/HikvisionANPR",
                          verification: DriverVerification(.thirdParty,
                                                           unverified: """
                                                               only the colour word 蓝 is seen in a capture (黄, \
                                                               白, 黑, 绿, 黄绿 follow the vendor's schema); \
                                                               no Vietnamese-market capture
                                                               """),
                          eventDriver: { _ in HikvisionANPRDriver() }, simulator: simulator { HikvisionANPRSimulator() }),
        DriverDescription(name: "generic-plate-json", kinds: [kind], transport: .http,
                          protocolName: "Generic plate JSON push {\"plate\",\"confidence\",\"direction\",\"image\"?,\"time\"?}",
                          folder: "PlateReaders/GenericPlateJSON",
                          verification: DriverVerification(.ownFormat, unverified: "the JSON is LaneAgent's own contract"),
                          eventDriver: { _ in GenericPlateJSONDriver() }, simulator: simulator { GenericPlateJSONSimulator() }),
    ]

    /// The names, for "expected one of" messages.
    public static var names: [String] { all.map(\.name) }

    /// The description of the driver called `name`, or nil.
    public static func named(_ name: String) -> DriverDescription? { all.first { $0.name == name } }

    /// The decoder of the driver called `name`, or nil.
    public static func eventDriver(named name: String) -> (any EventDriver)? { named(name)?.eventDriver() }

    /// The simulator of the driver called `name`, with its default settings, or nil.
    public static func simulator(named name: String) -> (any PlateEventSimulator)? {
        named(name)?.simulator?.make((any PlateEventSimulator).self)
    }
}
