import DeviceKit

/// Every plate-camera driver, by configuration name: its description for `diag drivers`, its
/// decoder for the device gateway, and its simulator for `diag simulate anpr`.
public enum PlateReaderDrivers {
    /// The device kind these drivers serve.
    public static let kind = "plate-reader"

    /// Each driver with its simulator: one entry per driver, no switch on names elsewhere.
    private static let entries: [(description: DriverDescription, simulator: @Sendable () -> any PlateEventSimulator)] = [
        (DriverDescription(name: "hikvision-anpr", kinds: [kind], transport: .http,
                          protocolName: "Hikvision ISAPI ANPR push (multipart/form-data: EventNotificationAlert XML + JPEG pictures)",
                          folder: "PlateReaders/HikvisionANPR",
                          verification: DriverVerification(.thirdParty,
                                                           unverified: """
                                                               only the colour word 蓝 is seen in a capture (黄, \
                                                               白, 黑, 绿, 黄绿 follow the vendor's schema); \
                                                               no Vietnamese-market capture
                                                               """),
                          eventDriver: { _ in HikvisionANPRDriver() }),
         { HikvisionANPRSimulator() }),
        (DriverDescription(name: "generic-plate-json", kinds: [kind], transport: .http,
                          protocolName: "Generic plate JSON push {\"plate\",\"confidence\",\"direction\",\"image\"?,\"time\"?}",
                          folder: "PlateReaders/GenericPlateJSON",
                          verification: DriverVerification(.ownFormat, unverified: "the JSON is LaneAgent's own contract"),
                          eventDriver: { _ in GenericPlateJSONDriver() }),
         { GenericPlateJSONSimulator() }),
    ]

    public static let all: [DriverDescription] = entries.map(\.description)

    /// The names, for "expected one of" messages.
    public static var names: [String] { all.map(\.name) }

    /// The description of the driver called `name`, or nil.
    public static func named(_ name: String) -> DriverDescription? { all.first { $0.name == name } }

    /// The decoder of the driver called `name`, or nil.
    public static func eventDriver(named name: String) -> (any EventDriver)? { named(name)?.eventDriver() }

    /// The simulator of the driver called `name`, with its default settings, or nil.
    public static func simulator(named name: String) -> (any PlateEventSimulator)? {
        entries.first { $0.description.name == name }?.simulator()
    }
}
