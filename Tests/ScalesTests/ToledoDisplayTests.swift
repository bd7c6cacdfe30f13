import DeviceKit
import LaneModel
import Scales
import Testing

/// What a weighbridge terminal set to a coarse division or to tonnes sends, and what LaneAgent
/// reads from it: the weight on the display, never 10× or 100× it, never tonnes as pounds.
@Suite("toledo-continuous: divisions and units as real terminals are set")
struct ToledoDisplayTests {
    static let displays: [(IndicatorDisplay, [Double], [Double])] = [
        // (display, kg on the platform, kg the display shows)
        (IndicatorDisplay(unit: .kg, division: 10), [24_353, 61_287, 0], [24_350, 61_290, 0]),
        (IndicatorDisplay(unit: .kg, division: 20), [24_353, 61_287, 75_000], [24_360, 61_280, 75_000]),
        (IndicatorDisplay(unit: .kg, division: 100), [24_353, 61_287, 79_960], [24_400, 61_300, 80_000]),
        (IndicatorDisplay(unit: .kg, division: 5), [24_353], [24_355]),
        (IndicatorDisplay(unit: .t, division: 0.01), [24_353, 61_287], [24_350, 61_290]),
        (IndicatorDisplay(unit: .t, division: 0.02), [24_353], [24_360]),
        (IndicatorDisplay(unit: .t, division: 0.1), [24_353], [24_400]),
        (IndicatorDisplay(unit: .lb, division: 20), [24_353], [24_348.838]),
        (IndicatorDisplay(unit: .kg, division: 0.5), [1_560.3], [1_560.5]),
    ]

    @Test("the simulator's frames read back as the display shows them", arguments: displays.indices)
    func roundTrip(_ index: Int) {
        let (display, platform, shown) = Self.displays[index]
        let indicator = ToledoContinuousIndicator(display: display)
        var decoder = ToledoContinuousDecoder()
        let frames = decoder.decode(platform.flatMap { indicator.frame(for: IndicatorState(weightKg: $0)) })
        let weights = frames.compactMap { step -> Double? in if case .frame(let frame, _) = step { frame.weightKg } else { nil } }
        #expect(weights == shown, "\(display)")
    }

    @Test("a 10 kg division puts one dummy zero in status A and the whole weight in the digits")
    func dummyZeroOnTheWire() {
        let frame = ToledoContinuousIndicator.frame(kilograms: 24_350, display: IndicatorDisplay(unit: .kg, division: 10))
        #expect(frame[1] & 0x07 == 1)
        #expect(String(decoding: frame[4..<10], as: UTF8.self) == " 24350")
    }

    @Test("tonnes are named in status C, whatever status B bit 4 says")
    func tonnesOnTheWire() {
        let frame = ToledoContinuousIndicator.frame(kilograms: 24_350, display: IndicatorDisplay(unit: .t, division: 0.01))
        #expect(frame[3] & 0x07 == 2)
        #expect(String(decoding: frame[4..<10], as: UTF8.self) == "  2435")
    }

    @Test("an empty platform at a 10 kg division shows its dummy zero, as the terminal's display does")
    func zeroWithDummyZero() {
        let frame = ToledoContinuousIndicator.frame(kilograms: 0, display: IndicatorDisplay(unit: .kg, division: 10))
        #expect(String(decoding: frame[4..<16], as: UTF8.self) == "    00     0")
    }

    @Test("divisions a terminal cannot be set to are refused", arguments: [0, -10, 3, 15, 1000, .nan, .infinity])
    func invalidDivision(_ division: Double) {
        #expect(!IndicatorDisplay.isValidDivision(division))
    }

    @Test("divisions real terminals use are accepted", arguments: [1, 2, 5, 10, 20, 50, 100, 0.5, 0.02, 0.001])
    func validDivision(_ division: Double) {
        #expect(IndicatorDisplay.isValidDivision(division))
    }
}
