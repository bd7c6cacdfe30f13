import DocumentSecurity
import Foundation
import LaneAgentTesting
import Testing

/// Active Authentication: a chip's signature over the terminal's challenge with DG15's key.
@Suite("Active Authentication")
struct ActiveAuthenticationTests {
    /// An answer recorded from a chip (or a library) that no one here made: DG15 or a bare key,
    /// the 8-byte challenge and the ISO/IEC 9796-2 signature (Fixtures/SOURCES.md).
    struct Vector: Decodable, CustomStringConvertible, Sendable {
        let source: String
        let key: String
        let challenge: String
        let signature: String
        let line: Int
        var description: String { "line \(line) of pymrtd's iso9796e2_test.py" }
    }

    static let vectors: [Vector] = {
        guard let bytes = try? SpecimenFixtures.bytes("ActiveAuthentication/iso9796-2-vectors.json") else { return [] }
        return (try? JSONDecoder().decode([Vector].self, from: Data(bytes))) ?? []
    }()

    static func hex(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            bytes.append(UInt8(text[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    @Test("The fixture holds the five third-party vectors")
    func vectorsLoad() {
        #expect(Self.vectors.count == 5)
    }

    @Test("A real passport's and Bouncy Castle's ISO/IEC 9796-2 answers verify; a flipped bit in the signature or the challenge fails", arguments: vectors)
    func thirdPartyRSA(_ vector: Vector) {
        let key = Self.hex(vector.key)
        let challenge = Self.hex(vector.challenge)
        let signature = Self.hex(vector.signature)
        let check = ActiveAuthentication.verify(publicKeyInfo: key, challenge: challenge, signature: signature)
        #expect(check == .init(outcome: .passed, method: "AA", detail: "the chip signed the challenge with DG15's RSA 1024 key (ISO/IEC 9796-2 scheme 1, SHA-1)"))

        var otherChallenge = challenge
        otherChallenge[7] ^= 0x01
        let wrongChallenge = ActiveAuthentication.verify(publicKeyInfo: key, challenge: otherChallenge, signature: signature)
        #expect(wrongChallenge.outcome == .failed)
        #expect(wrongChallenge.detail.contains("is not over this challenge"))

        var flipped = signature
        flipped[64] ^= 0x01
        let damaged = ActiveAuthentication.verify(publicKeyInfo: key, challenge: challenge, signature: flipped)
        #expect(damaged.outcome == .failed)
        #expect(damaged.detail.hasPrefix("ISO/IEC 9796-2 signature by the RSA 1024 key:") || damaged.detail.contains("is not over this challenge"))
    }

    @Test("A simulated chip's answer verifies for RSA and for EC keys on NIST and Brainpool curves, and another chip's does not", arguments: [
        DocumentSigningKey.Kind.rsa(bits: 1024), .rsa(bits: 2048), .p256, .brainpoolP256r1, .ec(curve: "brainpoolP384r1"), .ec(curve: "secp521r1"),
    ])
    func simulatedChip(_ kind: DocumentSigningKey.Kind) throws {
        var random = SeededRandom(seed: 22)
        let key = try DocumentSigningKey.generate(kind)
        let copy = try DocumentSigningKey.generate(kind)
        let dg15 = ActiveAuthentication.dataGroup15(for: key)
        let challenge: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
        let answer = try ActiveAuthentication.sign(challenge: challenge, with: key, random: &random)
        let check = ActiveAuthentication.verify(publicKeyInfo: dg15, challenge: challenge, signature: answer)
        #expect(check.outcome == .passed, "\(check.detail)")
        #expect(check.method == "AA")

        let forged = try ActiveAuthentication.sign(challenge: challenge, with: copy, random: &random)
        let refused = ActiveAuthentication.verify(publicKeyInfo: dg15, challenge: challenge, signature: forged)
        #expect(refused.outcome == .failed)
    }

    @Test("An EC answer is checked with the hash DG14 names, and fails with another")
    func digestFromDG14() throws {
        var random = SeededRandom(seed: 9)
        let key = try DocumentSigningKey.generate(.brainpoolP256r1)
        let challenge: [UInt8] = [8, 7, 6, 5, 4, 3, 2, 1]
        let answer = try ActiveAuthentication.sign(challenge: challenge, with: key, digest: .sha1, random: &random)
        let dg15 = ActiveAuthentication.dataGroup15(for: key)
        #expect(ActiveAuthentication.verify(publicKeyInfo: dg15, challenge: challenge, signature: answer, digest: .sha1).outcome == .passed)
        let wrong = ActiveAuthentication.verify(publicKeyInfo: dg15, challenge: challenge, signature: answer, digest: .sha256)
        #expect(wrong.outcome == .failed)
        #expect(wrong.detail.contains("tried SHA-256"))
    }

    @Test("Garbage for DG15, the challenge or the answer fails saying which, never traps")
    func garbage() {
        let dg15 = Self.hex(Self.vectors.first?.key ?? "00")
        let cases: [(dg15: [UInt8], challenge: [UInt8], signature: [UInt8], says: String)] = [
            ([], [1, 2, 3, 4, 5, 6, 7, 8], [1], "DG15 cannot be read"),
            ([0x6F, 0x03, 0x30, 0x01, 0x00], [1, 2, 3, 4, 5, 6, 7, 8], [1], "DG15"),
            (dg15, [1, 2, 3, 4, 5, 6, 7, 8], [], "the chip's answer is 0 bytes"),
            (dg15, [1, 2, 3, 4, 5, 6, 7, 8], [UInt8](repeating: 0xFF, count: 128), "not below the modulus"),
            (dg15, [1, 2, 3, 4, 5, 6, 7, 8], [UInt8](repeating: 0x01, count: 64), "not the 128 of its RSA 1024 key"),
            (dg15, [], [UInt8](repeating: 0x01, count: 128), "the challenge is 0 bytes"),
        ]
        for item in cases {
            let check = ActiveAuthentication.verify(publicKeyInfo: item.dg15, challenge: item.challenge, signature: item.signature)
            #expect(check.outcome == .failed)
            #expect(check.detail.contains(item.says), "\(check.detail)")
        }
    }
}
