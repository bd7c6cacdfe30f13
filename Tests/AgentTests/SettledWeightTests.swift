@testable import Agent
import LaneModel
import Testing

@Suite struct SettledWeightTests {
    static func reading(_ kg: Double?, stable: Bool = true, status: WeightStatus = .ok) -> WeightReading {
        WeightReading(device: "scale-1", time: Timestamp(millisecondsSinceEpoch: 0), weightKg: kg, stable: stable, status: status, gross: true)
    }

    @Test("a truck's settled weight is handed on once; the empty platform, motion and overload never are")
    func settledWeightsOfVehicles() {
        var settled = SettledWeight()
        let readings: [WeightReading] = [
            Self.reading(0),                          // empty platform, stable
            Self.reading(8_000, stable: false),       // driving on
            Self.reading(24_150),                     // settled
            Self.reading(24_160),                     // the same truck at rest
            Self.reading(24_100, stable: false),      // rocking
            Self.reading(24_155),                     // still the same truck
            Self.reading(26_000),                     // a heavier load settled: new
            Self.reading(90_000, status: .overload),
            Self.reading(nil),
            Self.reading(150),                        // empty again
            Self.reading(24_150),                     // the next truck, same weight: new
        ]
        let expected = [false, false, true, false, false, false, true, false, false, false, true]
        let handedOn = readings.map { settled.isNew($0) }
        #expect(handedOn == expected)
    }
}
