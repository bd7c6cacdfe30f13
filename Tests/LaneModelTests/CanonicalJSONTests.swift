import Foundation
import LaneModel
import Testing

@Suite("Canonical JSON (RFC 8785)")
struct CanonicalJSONTests {
    private func canonical(_ value: JSONValue) -> String { String(decoding: CanonicalJSON.encode(value), as: UTF8.self) }

    @Test("members sort by UTF-16 code units, as RFC 8785 §3.2.3's example shows")
    func sortsByUTF16() {
        // Keys from the RFC's sorting example; the expected order is the RFC's.
        let value: JSONValue = .object([
            "\u{20AC}": "Euro Sign", "\r": "Carriage Return", "\u{FB33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One", "\u{1F600}": "Emoji: Grinning Face", "\u{0080}": "Control", "\u{00F6}": "Latin Small Letter O With Diaeresis",
        ])
        let order = CanonicalJSON.sortedKeys(value.objectValue!.keys)
        #expect(order == ["\r", "1", "\u{0080}", "\u{00F6}", "\u{20AC}", "\u{1F600}", "\u{FB33}"])
    }

    @Test("strings escape only what JCS requires and keep non-ASCII as UTF-8")
    func escapes() {
        #expect(canonical("a\"b\\c\u{08}\u{0C}\n\r\t\u{01}\u{1F}/é€😀\u{7F}") == "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f/é€😀\u{7F}\"")
    }

    @Test("numbers follow ECMAScript's Number-to-String", arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-1.5, "-1.5"), (41250, "41250"), (0.97, "0.97"),
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (1e-7, "1e-7"), (0.000001, "0.000001"),
        (123_456_789_012_345_680_000, "123456789012345680000"), (9_007_199_254_740_992, "9007199254740992"),
        (5e-324, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"), (333333333.3333333, "333333333.3333333"),
        (-1.2345e-10, "-1.2345e-10"), (295_147_905_179_352_830_000, "295147905179352830000"),
    ] as [(Double, String)])
    func numbers(value: Double, expected: String) {
        #expect(CanonicalJSON.formatNumber(value) == expected)
    }

    @Test("objects and arrays have no whitespace and nested members are sorted")
    func nesting() {
        let value: JSONValue = ["b": [1, "x", nil, true, false], "a": ["d": 1, "c": [:]]]
        #expect(canonical(value) == #"{"a":{"c":{},"d":1},"b":[1,"x",null,true,false]}"#)
    }

    @Test("parse then encode reproduces canonical input byte for byte")
    func roundTrip() throws {
        let text = #"{"a":[1,2.5,-3e-7,"é\n"],"b":{"c":null,"d":true},"e":""}"#
        #expect(canonical(try JSONParser.parse(Array(text.utf8))) == text)
    }
}
