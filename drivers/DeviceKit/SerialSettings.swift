/// Line settings of a serial port: baud rate, character framing and parity.
public struct SerialSettings: Sendable, Hashable, CustomStringConvertible {
    /// Parity bit of each character.
    public enum Parity: String, Sendable, Hashable, CaseIterable {
        case none, even, odd

        /// The letter of the usual `8N1` notation.
        var letter: String {
            switch self {
            case .none: "N"
            case .even: "E"
            case .odd: "O"
            }
        }
    }

    /// The rates termios can set on Linux that indicators and readers use.
    public static let baudRates = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400]

    public var baud: Int
    public var dataBits: Int
    public var parity: Parity
    public var stopBits: Int

    public init(baud: Int = 9600, dataBits: Int = 8, parity: Parity = .none, stopBits: Int = 1) {
        self.baud = baud
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
    }

    /// `9600 8N1`.
    public var description: String { "\(baud) \(dataBits)\(parity.letter)\(stopBits)" }

    /// What is wrong with these settings, or nil when a port can be set to them.
    public var problem: String? {
        if !Self.baudRates.contains(baud) {
            return "baud \(baud) is not a supported rate; expected one of \(Self.baudRates.map(String.init).joined(separator: ", "))"
        }
        if !(5...8).contains(dataBits) { return "data_bits \(dataBits) is not 5, 6, 7 or 8" }
        if !(1...2).contains(stopBits) { return "stop_bits \(stopBits) is not 1 or 2" }
        return nil
    }
}
