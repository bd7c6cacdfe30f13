import CrossingCodes
import Testing

@Suite("Plate normalisation and country (docs/protocols.md, Vehicle plates)")
struct PlateNormalizerTests {
    @Test("separators go, letters are upper-cased, Chinese characters stay, full-width folds to ASCII", arguments: [
        ("12C-123.45", "12C12345"), ("14c 123 45", "14C12345"), ("29LD-123.45", "29LD12345"), ("桂A12345", "桂A12345"),
        ("桂A·12345", "桂A12345"), ("桂Ａ１２３４５", "桂A12345"), ("桂　AD-12345", "桂AD12345"), (" 12C_123/45 ", "12C12345"),
        ("桂a1234挂", "桂A1234挂"), ("", ""), ("-.-", ""),
    ])
    func normalize(_ raw: String, _ expected: String) {
        #expect(PlateNormalizer.normalize(raw) == expected)
    }

    @Test("country by form", arguments: [
        ("12C12345", "VN"), ("14C12345", "VN"), ("12C1234", "VN"), ("29LD12345", "VN"), ("29B112345", "VN"), ("51F12345", "VN"),
        ("桂A12345", "CN"), ("桂AD12345", "CN"), ("粤B1234F", "CN"), ("桂A1234挂", "CN"), ("京A12345", "CN"),
    ])
    func country(_ plate: String, _ expected: String) {
        #expect(PlateNormalizer.country(of: plate) == expected)
    }

    @Test("neither country", arguments: ["", "ABC123", "12C123", "12C1234567", "1CC12345", "12312345", "桂12345", "桂A1234", "桂A1234567",
                                         "X桂A12345", "AB12345", "12CD1234E", "台A12345", "12C12O45"])
    func noCountry(_ plate: String) {
        #expect(PlateNormalizer.country(of: plate) == nil)
    }
}

@Suite("Plate matching with the known OCR confusions")
struct PlateMatcherTests {
    @Test("reads that match through O/0, I/1, B/8, D/0 only", arguments: [
        ("12C12345", "12C12345", 0), ("12C-123.45", "12c12345", 0), ("I2C12345", "12C12345", 1), ("12C1234S", "12C12345", nil),
        ("桂A1O345", "桂A10345", 1), ("桂A8B345", "桂AB8345", 2), ("桂AO12345", "桂AD12345", nil), ("桂A0I2345", "桂AD12345", 2),
        ("桂A012345", "桂AD12345", 1), ("14C12345", "12C12345", nil), ("12C1234", "12C12345", nil), ("粤A12345", "桂A12345", nil),
        ("", "", nil),
    ] as [(String, String, Int?)])
    func compare(_ read: String, _ expected: String, _ confused: Int?) {
        #expect(PlateMatcher.compare(read: read, expected: expected)?.confusedCharacters == confused)
        #expect(PlateMatcher.matches(read: read, expected: expected) == (confused != nil))
    }

    @Test("the best match prefers an exact plate, then the fewest confusions")
    func bestMatch() {
        #expect(PlateMatcher.bestMatch(read: "12C1O3B5", in: ["14C12345", "12C10385", "12C10345"])?.expected == "12C10385")
        #expect(PlateMatcher.bestMatch(read: "12C10385", in: ["12C1O3B5", "12C10385"])?.isExact == true)
        #expect(PlateMatcher.bestMatch(read: "12C99999", in: ["12C10385"]) == nil)
    }
}
