import CrossingCodes
import Testing

@Suite struct PlateMatcherKeyTests {
    @Test("every pair the matcher accepts shares a candidate key, so an index never hides a match",
          arguments: [("29C12345", "29C12345"), ("29C-123.45", "29c12345"), ("12O3B", "1203B"), ("D1234", "01234"),
                      ("I8", "18"), ("B0", "80"), ("51D11111", "51011111")])
    func matchingPlatesShareAKey(_ read: String, _ expected: String) {
        #expect(PlateMatcher.matches(read: read, expected: expected))
        #expect(PlateMatcher.candidateKey(read) == PlateMatcher.candidateKey(expected))
    }

    @Test("a shared key is only a candidate: O and D both fold to 0 but do not match each other")
    func keyIsNotAMatch() {
        #expect(PlateMatcher.candidateKey("12O45") == PlateMatcher.candidateKey("12D45"))
        #expect(!PlateMatcher.matches(read: "12O45", expected: "12D45"))
        #expect(PlateMatcher.candidateKey("29C12345") != PlateMatcher.candidateKey("29C12346"))
    }
}
