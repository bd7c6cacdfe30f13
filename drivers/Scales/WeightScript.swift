import LaneModel

/// A sequence of loads over time for the simulator, from JSON lines: each line holds a weight
/// (`weightKg`, or a ramp to `toKg`) for `seconds`, optionally with `motion` and `status`.
///
///     {"seconds": 2, "weightKg": 0}
///     {"seconds": 3, "weightKg": 0, "toKg": 24350}        a truck driving on (motion)
///     {"seconds": 4, "weightKg": 24350}                   settled
public struct WeightScript: Sendable, Hashable {
    /// One line of the script.
    public struct Step: Sendable, Hashable {
        public var seconds: Double
        public var weightKg: Double
        public var toKg: Double?
        public var motion: Bool
        public var status: WeightStatus

        /// The load `elapsed` seconds into this step.
        public func state(at elapsed: Double) -> IndicatorState {
            let fraction = seconds > 0 ? min(max(elapsed / seconds, 0), 1) : 1
            let weight = toKg.map { weightKg + ($0 - weightKg) * fraction } ?? weightKg
            return IndicatorState(weightKg: weight, motion: motion, status: status)
        }
    }

    public var steps: [Step]

    /// Parses the JSON lines of `text`; blank lines and lines starting with `#` are skipped.
    public static func parse(_ text: String, source: String) throws(WeightScriptError) -> WeightScript {
        var steps: [Step] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: " ")
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fail = { (message: String) in WeightScriptError(source: source, line: index + 1, message: message) }
            guard let value = try? JSONParser.parse(Array(trimmed.utf8)), case .object(let object) = value else {
                throw fail("not a JSON object")
            }
            for key in object.keys where !["seconds", "weightKg", "toKg", "motion", "status"].contains(key) {
                throw fail("unknown key \"\(key)\"; expected seconds, weightKg, toKg, motion, status")
            }
            guard case .number(let seconds)? = object["seconds"], seconds >= 0, seconds <= 86_400 else {
                throw fail("\"seconds\" must be a number of seconds from 0 to 86400")
            }
            guard case .number(let weight)? = object["weightKg"], abs(weight) < 1_000_000 else {
                throw fail("\"weightKg\" must be a number of kilograms")
            }
            var step = Step(seconds: seconds, weightKg: weight, toKg: nil, motion: false, status: .ok)
            if let to = object["toKg"] {
                guard case .number(let target) = to, abs(target) < 1_000_000 else { throw fail("\"toKg\" must be a number of kilograms") }
                step.toKg = target
                step.motion = true
            }
            if let motion = object["motion"] {
                guard case .bool(let flag) = motion else { throw fail("\"motion\" must be true or false") }
                step.motion = flag
            }
            if let status = object["status"] {
                guard case .string(let text) = status, let parsed = WeightStatus(rawValue: text), parsed != .motion else {
                    throw fail("\"status\" must be one of ok, overload, underload, error")
                }
                step.status = parsed
            }
            steps.append(step)
        }
        guard !steps.isEmpty else { throw WeightScriptError(source: source, line: 0, message: "the script has no steps") }
        return WeightScript(steps: steps)
    }
}
