import DeviceKit
import LaneModel
import Scales
import Testing

@Suite("Software stability and simulator scripts")
struct StabilityAndScriptTests {
    @Test("stable after N frames within the band over at least T ms, and not before")
    func stability() {
        var detector = StabilityDetector(frames: 5, bandKg: 20, milliseconds: 1000)
        let times: [Int64] = [0, 250, 500, 750, 999, 1000]
        let results = times.map { detector.observe(24_350 + Double($0 % 3), at: $0) }
        #expect(results == [false, false, false, false, false, true])
        #expect(detector.observe(24_390, at: 1100) == false, "a frame outside ±20 kg starts a new run")
        #expect(detector.observe(24_390, at: 3000) == false, "two frames are not five, however long")
    }

    @Test("a Yaohua session marks frames moving until the weight settles, then stable and ok")
    func yaohuaSession() {
        var session = ScaleDrivers.named("yaohua-xk3190")!.session(device: "scale-1")
        var readings: [WeightReading] = []
        for (index, weight) in [8000.0, 16000, 24350, 24352, 24349, 24351, 24350, 24350].enumerated() {
            session.append(YaohuaXK3190Indicator.frame(weightKg: weight))
            let time = ReceiveTime(wall: Timestamp(millisecondsSinceEpoch: 1_800_000_000_000 + Int64(index) * 300),
                                   monotonicMilliseconds: Int64(index) * 300)
            while case .frame(let reading, _)? = session.next(at: time) { readings.append(reading) }
        }
        #expect(readings.map(\.stable) == [false, false, false, false, false, false, true, true])
        #expect(readings.map(\.status) == [.motion, .motion, .motion, .motion, .motion, .motion, .ok, .ok])
        #expect(readings.allSatisfy { $0.device == "scale-1" })
    }

    @Test("a script ramps, holds and names its bad lines")
    func script() throws {
        let script = try WeightScript.parse("""
            # a truck drives on and settles
            {"seconds": 2, "weightKg": 0, "toKg": 24000}
            {"seconds": 5, "weightKg": 24000}

            {"seconds": 1, "weightKg": 60000, "status": "overload"}
            """, source: "truck.jsonl")
        #expect(script.steps.count == 3)
        #expect(script.steps[0].state(at: 1).weightKg == 12000 && script.steps[0].state(at: 1).motion)
        #expect(!script.steps[1].state(at: 1).motion && script.steps[2].state(at: 0).status == .overload)
        #expect(throws: WeightScriptError(source: "t.jsonl", line: 2, message: "\"weightKg\" must be a number of kilograms")) {
            try WeightScript.parse("{\"seconds\": 1, \"weightKg\": 1}\n{\"seconds\": 1, \"weightKg\": \"heavy\"}", source: "t.jsonl")
        }
        #expect(throws: WeightScriptError.self) { try WeightScript.parse("{\"seconds\": 1, \"weight\": 1}", source: "t.jsonl") }
        #expect(throws: WeightScriptError.self) { try WeightScript.parse("# nothing\n", source: "t.jsonl") }
    }
}
