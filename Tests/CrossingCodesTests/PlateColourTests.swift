import CrossingCodes
import LaneModel
import Testing

/// Chinese-firmware cameras write the plate's colour in front of it; the lane compares plates
/// without it and records the colour on its own.
@Suite("Plate colour words")
struct PlateColourTests {
    @Test("a leading colour word is split off and recorded", arguments: [
        ("蓝苏A8HK52", "苏A8HK52", "blue"), ("黄京A12345", "京A12345", "yellow"), ("白京A12345警", "京A12345警", "white"),
        ("绿粤B12345", "粤B12345", "green"), ("黄绿粤BD12345", "粤BD12345", "yellow-green"), ("渐变绿粤AD12345", "粤AD12345", "gradient-green"),
        ("黑黑A12345", "黑A12345", "black"), ("蓝 苏A·8HK52", "苏A8HK52", "blue"),
    ])
    func split(_ raw: String, _ plate: String, _ colour: String) {
        let read = PlateNormalizer.read(raw: raw, confidence: 0.9, direction: nil)
        #expect(read.normalized == plate && read.colour == colour && read.country == "CN")
    }

    @Test("a plate that is already whole keeps its first character", arguments: ["黑A12345", "12C12345", "桂A12345", "蓝", "蓝12C12345"])
    func whole(_ raw: String) {
        let read = PlateNormalizer.read(raw: raw, confidence: 0.9, direction: nil)
        #expect(read.normalized == PlateNormalizer.normalize(raw) && read.colour == nil)
    }

    @Test("the colour named in <plateColor> is recorded when the text carries none")
    func namedColour() {
        #expect(PlateNormalizer.read(raw: "12C-123.45", confidence: nil, direction: nil, namedColour: PlateColour(isapi: "yellow")).colour == "yellow")
        #expect(PlateColour(isapi: "unknown") == nil && PlateColour(isapi: "civilAviationBlack") == nil)
        #expect(PlateColour(isapi: "newEnergyYellowGreen") == .yellowGreen && PlateColour(isapi: "newEnergyGreen") == .gradientGreen)
    }

    @Test("the record carries colour only when there is one")
    func recordKey() {
        let plain = PlateRead(raw: "12C12345", normalized: "12C12345", country: "VN", confidence: nil, direction: nil)
        #expect(ReadingDetail.plate(plain).members["colour"] == nil)
        let coloured = PlateNormalizer.read(raw: "蓝苏A8HK52", confidence: nil, direction: nil)
        #expect(ReadingDetail.plate(coloured).members["colour"] == "blue")
    }
}
