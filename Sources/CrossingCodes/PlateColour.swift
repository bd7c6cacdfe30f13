/// The background colour of a plate. Chinese-firmware cameras put it in front of the plate
/// text (`蓝苏A8HK52`: a blue plate); ISAPI cameras may also send `<plateColor>`.
public enum PlateColour: String, Sendable, Hashable, CaseIterable {
    case blue, yellow, white, black, green
    /// Large new-energy vehicles (trucks, buses): yellow and green.
    case yellowGreen = "yellow-green"
    /// Small new-energy vehicles: a green gradient.
    case gradientGreen = "gradient-green"

    /// The colour words Chinese firmware writes, longest first so `黄绿` is not read as `黄`.
    static let chineseWords: [(word: String, colour: PlateColour)] = [
        ("渐变绿", .gradientGreen), ("黄绿", .yellowGreen), ("渐绿", .gradientGreen),
        ("蓝", .blue), ("黄", .yellow), ("白", .white), ("黑", .black), ("绿", .green),
    ]

    /// The colour named by an ISAPI `<plateColor>` value (the vendor's schema: `blue`,
    /// `yellow`, `newEnergyYellowGreen` …), or nil for `unknown`, `other` and the colours that
    /// mark no vehicle a border lane sees (civil aviation, mixed).
    public init?(isapi text: String) {
        switch text.lowercased() {
        case "blue": self = .blue
        case "yellow": self = .yellow
        case "white": self = .white
        case "black": self = .black
        case "green": self = .green
        case "newenergyyellowgreen": self = .yellowGreen
        case "newenergygreen": self = .gradientGreen
        default: return nil
        }
    }
}
