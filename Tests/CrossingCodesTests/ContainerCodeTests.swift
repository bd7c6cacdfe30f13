import CrossingCodes
import LaneModel
import Testing

@Suite("ISO 6346 container codes")
struct ContainerCodeTests {
    @Test("the standard's example codes verify (docs/protocols.md, ISO 6346)", arguments: ["CSQU3054383", "ZEPU0037255", "RAIU6900114", "MSKU1234565"])
    func valid(_ code: String) {
        #expect(ContainerCode.problem(code) == nil)
        let read = ContainerCode.read(code, confidence: nil)
        #expect(read.valid && read.code == code && read.problem == nil)
    }

    @Test("codes with a wrong check digit fail with the computed check digit", arguments: [
        ("MSCU6639871", 0, 1), ("TGHU9871234", 7, 4),
    ])
    func invalid(_ code: String, _ computed: Int, _ written: Int) {
        #expect(ContainerCode.problem(code) == "check digit \(computed) expected, \(written) read")
        #expect(!ContainerCode.read(code, confidence: 0.9).valid)
    }

    @Test("a remainder of 10 gives check digit 0")
    func remainderTen() throws {
        let first10 = try #require((0..<1_000_000).lazy.map { "CSQU\(String(1_000_000 + $0).dropFirst())" }.first { Self.remainder($0) == 10 })
        #expect(ContainerCode.problem("\(first10)0") == nil)
    }

    /// Σ value × 2^i mod 11, written out from the letter table in docs/protocols.md.
    static func remainder(_ first10: String) -> Int {
        let letters: [Character: Int] = [
            "A": 10, "B": 12, "C": 13, "D": 14, "E": 15, "F": 16, "G": 17, "H": 18, "I": 19, "J": 20, "K": 21, "L": 23, "M": 24,
            "N": 25, "O": 26, "P": 27, "Q": 28, "R": 29, "S": 30, "T": 31, "U": 32, "V": 34, "W": 35, "X": 36, "Y": 37, "Z": 38,
        ]
        return first10.enumerated().reduce(0) { sum, item in sum + (letters[item.element] ?? item.element.wholeNumberValue!) << item.offset } % 11
    }

    @Test("check digits agree with the letter table in docs/protocols.md for every letter", arguments: ["ABC", "DEF", "GHI", "JKL", "MNO", "PQR", "STU", "VWX", "YZA"])
    func letterTable(_ owner: String) {
        for category in ["U", "J", "Z"] {
            let first10 = "\(owner)\(category)123456"
            let digit = Self.remainder(first10) % 10
            #expect(ContainerCode.problem("\(first10)\(digit)") == nil)
            #expect(ContainerCode.problem("\(first10)\((digit + 1) % 10)") != nil)
        }
    }

    @Test("normalisation removes spaces and separators and upper-cases", arguments: [
        ("CSQU 305438 3", "CSQU3054383"), ("csqu-305438-3", "CSQU3054383"), (" CSQU.305438/3 ", "CSQU3054383"), ("CSQU_3054383", "CSQU3054383"),
    ])
    func normalise(_ raw: String, _ code: String) {
        #expect(ContainerCode.normalize(raw) == code)
        let read = ContainerCode.read(raw, confidence: nil)
        #expect(read.raw == raw && read.code == code && read.valid)
    }

    @Test("malformed codes name what is wrong", arguments: [
        ("CSQU305438", "10 characters"), ("CSQU30543833", "12 characters"), ("CS1U3054383", "owner code CS1 is not 3 letters"),
        ("CSQX3054383", "category X is not U, J or Z"), ("CSQU30543A3", "serial and check digit 30543A3 are not 7 digits"),
        ("CSQU305438３", "character 11 is not an ASCII letter or digit"),
    ])
    func malformed(_ code: String, _ problem: String) throws {
        let found = try #require(ContainerCode.problem(code))
        #expect(found.contains(problem), "\(found)")
    }
}
