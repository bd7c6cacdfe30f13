import ArgumentParser
import DeviceKit

/// `--baud`, `--parity`, `--data-bits`, `--stop-bits`: line settings over a default.
struct SerialLineOptions: ParsableArguments {
    @Option(help: "Baud rate (default: the driver's usual rate).") var baud: Int?
    @Option(help: "Parity: none, even or odd (default none).") var parity: String?
    @Option(name: .customLong("data-bits"), help: "Data bits, 5-8 (default 8).") var dataBits: Int?
    @Option(name: .customLong("stop-bits"), help: "Stop bits, 1 or 2 (default 1).") var stopBits: Int?

    /// `base` with the options given; a usage error names the bad option.
    func settings(over base: SerialSettings) throws(CommandFailure) -> SerialSettings {
        var settings = base
        if let baud { settings.baud = baud }
        if let dataBits { settings.dataBits = dataBits }
        if let stopBits { settings.stopBits = stopBits }
        if let parity {
            guard let value = SerialSettings.Parity(rawValue: parity) else {
                throw .usage("--parity \(parity) is not a parity; expected none, even or odd")
            }
            settings.parity = value
        }
        if let problem = settings.problem { throw .usage("bad line settings: \(problem)") }
        return settings
    }
}
