import DeviceKit

/// Every plate-camera driver, by configuration name: its description for `diag drivers`, its
/// decoder for the device gateway, and its simulator for `diag simulate anpr`.
public enum PlateReaderDrivers {
    /// The device kind these drivers serve.
    public static let kind = "plate-reader"

    public static let all: [DriverDescription] = [
        DriverDescription(name: "hikvision-anpr", kinds: [kind], transport: .http,
                          protocolName: "Hikvision ISAPI ANPR push (multipart/form-data: EventNotificationAlert XML + JPEG pictures)",
                          folder: "PlateReaders/HikvisionANPR",
                          verification: DriverVerification(.thirdParty,
                                                           unverified: """
                                                               only the colour word 蓝 is seen in a capture (黄, \
                                                               白, 黑, 绿, 黄绿 follow the vendor's schema); \
                                                               no Vietnamese-market capture
                                                               """)),
        DriverDescription(name: "generic-plate-json", kinds: [kind], transport: .http,
                          protocolName: "Generic plate JSON push {\"plate\",\"confidence\",\"direction\",\"image\"?,\"time\"?}",
                          folder: "PlateReaders/GenericPlateJSON",
                          verification: DriverVerification(.ownFormat, unverified: "the JSON is LaneAgent's own contract")),
    ]

    /// The names, for "expected one of" messages.
    public static var names: [String] { all.map(\.name) }

    /// The description of the driver called `name`, or nil.
    public static func named(_ name: String) -> DriverDescription? { all.first { $0.name == name } }

    /// The decoder of the driver called `name`, or nil.
    public static func eventDriver(named name: String) -> (any EventDriver)? {
        switch name {
        case "hikvision-anpr": HikvisionANPRDriver()
        case "generic-plate-json": GenericPlateJSONDriver()
        default: nil
        }
    }

    /// The simulator of the driver called `name`, with its default settings, or nil.
    public static func simulator(named name: String) -> (any PlateEventSimulator)? {
        switch name {
        case "hikvision-anpr": HikvisionANPRSimulator()
        case "generic-plate-json": GenericPlateJSONSimulator()
        default: nil
        }
    }
}
