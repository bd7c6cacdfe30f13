import DeviceKit

/// Every weighbridge indicator protocol LaneAgent speaks, by configuration name. Adding one is
/// a folder with its decoder and indicator, and a line here.
public enum ScaleDrivers {
    public static let all: [ScaleDriver] = [
        ScaleDriver(
            name: "yaohua-xk3190", protocolName: "Yaohua XK3190 continuous output (tF = 0)",
            defaultSettings: SerialSettings(baud: 1200), folder: "YaohuaXK3190",
            options: [ScaleOption.stableFrames, ScaleOption.stableBandKg, ScaleOption.stableMilliseconds],
            verification: DriverVerification(.thirdParty, unverified: "the = output formats (tF 1, 2), what an overloaded indicator sends and units other than kg"),
            decoder: { _ in YaohuaXK3190Decoder() }, indicator: { _, _ in YaohuaXK3190Indicator() }),
        ScaleDriver(
            name: "toledo-continuous", protocolName: "Mettler Toledo standard continuous output",
            defaultSettings: SerialSettings(baud: 9600), folder: "ToledoContinuous", options: [ScaleOption.checksum],
            verification: DriverVerification(.thirdParty, unverified: "no checksummed frame captured from a terminal on a weighbridge; status C codes 4 and 5"),
            simulatesDisplay: true,
            decoder: { ToledoContinuousDecoder(checksum: $0.checksum) },
            indicator: { ToledoContinuousIndicator(checksum: $0.checksum, display: $1) }),
        ScaleDriver(
            name: "mt-sics", protocolName: "Mettler Toledo MT-SICS, polled with SI",
            defaultSettings: SerialSettings(baud: 9600), folder: "MTSICS", options: [ScaleOption.pollMilliseconds],
            verification: DriverVerification(.thirdParty, unverified: "no reply captured from a weighbridge terminal (the captures are balances and library tests)"),
            pollRequest: Array("SI\r\n".utf8), zeroCommand: Array("Z\r\n".utf8),
            decoder: { _ in MTSICSDecoder() }, indicator: { _, _ in MTSICSIndicator() }),
        ScaleDriver(
            name: "sma", protocolName: "SMA scale protocol (Cardinal, Rice Lake, Avery Weigh-Tronix), polled with LF W CR",
            defaultSettings: SerialSettings(baud: 9600), folder: "SMA", options: [ScaleOption.pollMilliseconds],
            verification: DriverVerification(.vendorTable, unverified: "manual examples only: no frame captured from a real indicator"),
            pollRequest: [0x0A, UInt8(ascii: "W"), 0x0D],
            decoder: { _ in SMADecoder() }, indicator: { _, _ in SMAIndicator() }),
    ]

    /// The driver called `name`, or nil.
    public static func named(_ name: String) -> ScaleDriver? { all.first { $0.name == name } }

    /// The names, for "expected one of" messages.
    public static var names: [String] { all.map(\.name) }

    /// Drivers whose decoder finds at least one valid frame in `bytes`, under any of its
    /// settings (Toledo with and without checksum): a hint for a technician who picked the
    /// wrong driver.
    public static func recognising(_ bytes: [UInt8]) -> [ScaleDriver] {
        all.filter { driver in driver.settingsToTry.contains { driver.decodesFrame(in: bytes, options: $0) } }
    }
}
