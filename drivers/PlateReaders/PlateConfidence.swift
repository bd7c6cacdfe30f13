/// Camera confidences scaled to the 0…1 that `PlateRead.confidence` holds.
public enum PlateConfidence {
    /// A percentage (Hikvision's `confidenceLevel`, 0–100) as 0…1; nil when out of range.
    public static func fromPercent(_ percent: Double) -> Double? {
        guard percent.isFinite, (0...100).contains(percent) else { return nil }
        return percent / 100
    }

    /// A value that may be a fraction (0…1) or a percentage (above 1, up to 100), as 0…1; nil
    /// when negative or above 100. Exactly 1 is read as a fraction (certain), not as 1 %.
    public static func fromFractionOrPercent(_ value: Double) -> Double? {
        guard value.isFinite, value >= 0 else { return nil }
        return value <= 1 ? value : fromPercent(value)
    }
}
