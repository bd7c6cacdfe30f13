import Rules
import Testing

@Suite struct DeclarationMatcherTests {
    @Test(arguments: [
        ("101234567890", true),
        ("VNACCS|101234567890|2026-11-23", true),
        ("https://customs.example/d?no=101234567890&t=1", true),
        ("TK101234567890", true),
        ("1101234567890", false),
        ("1012345678901", false),
        ("10123456789", false),
        ("", false),
    ])
    func carriesTheNumberAsAWholeToken(_ text: String, _ expected: Bool) {
        #expect(DeclarationMatcher.matches(codeText: text, declaration: "101234567890") == expected)
    }

    @Test func lettersAreComparedIgnoringCase() {
        #expect(DeclarationMatcher.matches(codeText: "decl=ab123", declaration: "AB123"))
        #expect(!DeclarationMatcher.matches(codeText: "xab123", declaration: "AB123"))
        #expect(!DeclarationMatcher.matches(codeText: "anything", declaration: ""))
    }
}
