import EPassport
import Testing

@Suite("BER-TLV: what the chip's files and answers are made of")
struct TLVTests {
    @Test("EF.COM of ICAO's example parses into its version, Unicode version and tag list")
    func efCOM() throws {
        let object = try TLV.parseFirst(hex("60145F0104303130365F36063034303030305C026175"))
        #expect(object.tag == 0x60)
        #expect(object.isConstructed)
        let children = try object.children()
        #expect(children.map(\.tag) == [0x5F01, 0x5F36, 0x5C])
        #expect(children[2].value == [0x61, 0x75])
    }

    @Test("long-form lengths are read and written", arguments: [0, 1, 127, 128, 255, 256, 65_535, 65_536])
    func lengths(count: Int) throws {
        let value = [UInt8](repeating: 0xAB, count: count)
        let encoded = TLV.encode(tag: 0x5F2E, value: value)
        let parsed = try TLV.parseAll(encoded)
        #expect(parsed == [TLV(tag: 0x5F2E, value: value)])
        #expect(try TLV.header(Array(encoded.prefix(6)))?.totalLength == encoded.count)
    }

    @Test("a header cut short asks for more bytes instead of guessing")
    func partialHeader() throws {
        #expect(try TLV.header([0x75]) == nil)
        #expect(try TLV.header([0x75, 0x82, 0x01]) == nil)
        #expect(try TLV.header([0x7F]) == nil)
        #expect(try TLV.header([0x75, 0x82, 0x01, 0x00])?.valueLength == 256)
    }

    @Test("malformed objects are errors that say where, never traps",
          arguments: [
            ("61 05 01 02", "runs past"),
            ("61 80 00 00", "indefinite"),
            ("61 85 00 00 00 00 01", "beyond"),
            ("7F FF FF FF 01 00", "three bytes"),
            ("00 00", "padding"),
            ("61", "cut off"),
          ])
    func malformed(input: String, reason: String) {
        #expect {
            try TLV.parseAll(hex(input))
        } throws: { error in
            (error as? TLVError)?.reason.contains(reason) == true
        }
    }

    @Test("ten thousand random and mutated inputs give objects or errors, never a trap")
    func randomInputs() {
        var generator = SeededGenerator(seed: 22)
        let seedObject = hex("60145F0104303130365F36063034303030305C026175")
        for round in 0..<10_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            } else {
                bytes = seedObject
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            }
            if let objects = try? TLV.parseAll(bytes) {
                for object in objects where object.isConstructed { _ = try? object.children() }
            }
        }
    }
}

/// A small deterministic generator (SplitMix64) so a failing random case replays.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
