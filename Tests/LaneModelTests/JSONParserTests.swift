import LaneModel
import Testing

@Suite("Strict JSON parser")
struct JSONParserTests {
    @Test("rejects what is not one unambiguous JSON value", arguments: [
        (#"{"a":1,"a":2}"#, "duplicate member name"),
        (#"[1,2,]"#, "unexpected character"),
        (#"{"a":01}"#, "leading zero"),
        (#"{"a":1} x"#, "unexpected data"),
        (#"{"a":"\ud800"}"#, "unpaired surrogate"),
        ("\"tab\there\"", "control character"),
        (#"{"a":1e999}"#, "out of range"),
        (#"{"a":tru}"#, "invalid literal"),
        (#"{"a""#, "expected ':'"),
        ("", "unexpected end"),
    ])
    func rejects(input: String, reason: String) {
        #expect {
            _ = try JSONParser.parse(Array(input.utf8))
        } throws: { error in
            (error as? JSONParseError)?.reason.contains(reason) == true
        }
    }

    @Test("reads escapes, surrogate pairs and numbers")
    func reads() throws {
        let value = try JSONParser.parse(Array(#" {"s":"a\u00e9\ud83d\ude00\n","n":[-0.5,10,1E2]} "#.utf8))
        #expect(value["s"] == "aé😀\n")
        #expect(value["n"] == [-0.5, 10, 100])
    }

    @Test("rejects invalid UTF-8 inside strings")
    func invalidUTF8() {
        #expect(throws: JSONParseError.self) { _ = try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }
}
