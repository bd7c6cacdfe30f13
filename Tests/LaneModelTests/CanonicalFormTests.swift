import LaneModel
import Testing

/// The scan that proves payloads canonical must never say yes where re-encoding says no.
@Suite("Canonical form check")
struct CanonicalFormTests {
    /// The exact answer: parse, re-encode, compare.
    private func reencodes(_ bytes: [UInt8]) -> Bool? {
        guard let value = try? JSONParser.parse(bytes) else { return nil }
        return CanonicalJSON.encode(value) == bytes
    }

    @Test("typical record payloads are proven canonical by the scan alone")
    func provesTypicalPayloads() throws {
        let record = Record(
            id: "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", device: "HN1119-C03", site: "huu-nghi-1119", lane: "C1", seq: 42,
            prev: String(repeating: "ab", count: 32), time: Timestamp(millisecondsSinceEpoch: 1_795_420_800_123), clock: .synced,
            kind: "scale.weight", body: ["grossKg": 31_240, "stable": true, "tare": -12, "note": "tab\there \"quoted\" \\ \u{01}",
                                         "axles": [1, 2, 0], "empty": [:], "list": [], "none": .null])
        let bytes = record.canonicalBytes()
        #expect(CanonicalForm.provenCanonical(bytes))
        let fractions = Array(#"{"confidence":0.962,"tiny":1e-7,"big":1e+21,"neg":-2.5}"#.utf8)
        #expect(!CanonicalForm.provenCanonical(fractions), "members out of order")
        #expect(CanonicalForm.provenCanonical(Array(#"{"big":1e+21,"confidence":0.962,"neg":-2.5,"tiny":1e-7}"#.utf8)))
        #expect(CanonicalForm.isCanonical(bytes, value: try JSONParser.parse(bytes)))
    }

    @Test("non-canonical variants are refused, and undecided ones give the re-encoding's answer",
          arguments: [
              #"{"a":1,"b":2}"#, #"{"b":2,"a":1}"#, #"{"a":1,"b":{"c":1,"c0":2}}"#, #"{"a": 1}"#, #" {"a":1}"#, #"{"a":1.0}"#,
              #"{"a":1.5}"#, #"{"a":1e3}"#, #"{"a":-0}"#, #"{"a":0}"#, #"{"a":1234567890123456}"#, #"{"a":123456789012345}"#,
              #"{"a":"\/"}"#, #"{"a":"\u0041"}"#, #"{"a":"\u001F"}"#, #"{"a":"\u001f"}"#, #"{"a":"\u000a"}"#, #"{"a":"\n"}"#,
              #"{"a":"é"}"#, #"{"a":"\u00e9"}"#, #"{"\u0061":1}"#, #"{"é":1,"z":2}"#, #"{"z":1,"é":2}"#, #"["x",true,false,null]"#,
              #"[1,[2,[3,{}]]]"#, #"{"c":0.962}"#, #"{"c":0.9620}"#, #"{"c":-1.5}"#, #"{"c":1e21}"#, #"{"c":1e+21}"#,
              #"{"c":1e-7}"#, #"{"c":0.0000001}"#, #"{"c":1E3}"#, #"{"c":1000}"#, #"{"c":9007199254740993}"#, #"{"c":123e-2}"#, #"{"A":1,"a":2}"#, #"{"a":1,"A":2}"#,
                      #"{"ab":1,"a":2}"#, #"{"a":1,"ab":2}"#, #""tab\t""#,
          ])
    func agreesWithReencoding(_ text: String) throws {
        let bytes = Array(text.utf8)
        let exact = try #require(reencodes(bytes), "the case parses")
        if CanonicalForm.provenCanonical(bytes) { #expect(exact, "proven canonical but re-encodes differently") }
        #expect(CanonicalForm.isCanonical(bytes, value: try JSONParser.parse(bytes)) == exact)
    }

    @Test("random mutations of canonical payloads: the scan never proves one the re-encoding refuses")
    func neverProvesNonCanonical() throws {
        var generator = SplitMix(seed: 0x5EED_CAFE)
        let alphabet = Array(#"{}[]",:0123456789-.eE abAB\"nu/tfl"#.utf8) + [0x09, 0x0A, 0xC3, 0xA9]
        let seeds: [JSONValue] = [
            ["body": ["grossKg": 31_240, "stable": true, "axles": [1, 2]], "confidence": 0.962, "kind": "scale.weight", "seq": 7, "z": .null],
            ["a": ["b": ["c": "x\ny\"z"]], "n": -15, "list": [[], [:], "s", 0]],
        ]
        var provenCount = 0
        for seed in seeds {
            let canonical = CanonicalJSON.encode(seed)
            for _ in 0..<4000 {
                var bytes = canonical
                for _ in 0...(generator.next() % 3) {
                    let position = Int(generator.next() % UInt64(bytes.count))
                    let byte = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    switch generator.next() % 3 {
                    case 0: bytes[position] = byte
                    case 1: bytes.insert(byte, at: position)
                    default: if bytes.count > 1 { bytes.remove(at: position) }
                    }
                }
                guard let exact = reencodes(bytes) else { continue }
                if CanonicalForm.provenCanonical(bytes) {
                    provenCount += 1
                    #expect(exact, "proven canonical but not: \(String(decoding: bytes, as: UTF8.self))")
                }
                #expect(CanonicalForm.isCanonical(bytes, value: try JSONParser.parse(bytes)) == exact)
            }
        }
        #expect(provenCount > 100, "the mutations include canonical payloads the scan proves")
    }
}

/// A small deterministic generator, so a failure repeats.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
