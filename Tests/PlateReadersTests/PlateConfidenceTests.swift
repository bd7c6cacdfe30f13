import PlateReaders
import Testing

@Suite("Camera confidences")
struct PlateConfidenceTests {
    @Test("confidence scales")
    func confidence() {
        #expect(PlateConfidence.fromPercent(98) == 0.98)
        #expect(PlateConfidence.fromPercent(101) == nil)
        #expect(PlateConfidence.fromFractionOrPercent(0.93) == 0.93)
        #expect(PlateConfidence.fromFractionOrPercent(1) == 1)
        #expect(PlateConfidence.fromFractionOrPercent(93) == 0.93)
        #expect(PlateConfidence.fromFractionOrPercent(-1) == nil)
        #expect(PlateConfidence.fromFractionOrPercent(.nan) == nil)
    }
}
