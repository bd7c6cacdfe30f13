/// Weights as officers read them in decision details: whole kilograms with comma thousands
/// separators ("31,240 kg"), the same on every board whatever its locale.
enum Kilograms {
    /// `value` rounded to the kilogram, such as "24,000 kg".
    static func text(_ value: Double) -> String {
        guard value.isFinite else { return "\(value) kg" }
        let whole = Int64(value.rounded())
        let digits = Array(String(whole.magnitude))
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (whole < 0 ? "-" : "") + grouped + " kg"
    }

    /// A percentage without a needless ".0": 5.0 → "5%", 2.5 → "2.5%".
    static func percent(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? "\(Int64(value))%" : "\(value)%"
    }
}
